#!/usr/bin/env python3
r"""Checks that two builds of the validator report the same on hostile captures: the same
standard output, standard error and exit status, byte for byte, in several formats and modes.

A change made for speed or memory must not move a single report. The fixtures and the
snapshots cover the shapes someone thought of; this covers many more. Each seed makes one
capture: `gen`'s output (seeded by the same number, an envelope or an NDJSON polling log),
or a HAR session of one to three such envelopes (some in base64),
mutated at random: values of the wrong type, members dropped or repeated (with the same or
another value), unknown members whose names hold `~`, `/`, quotes or `\u` escapes (of `title`,
say), objects given 3, 31, 32, 33 or 70 members more and arrays 40 elements more (the validator
searches containers of fewer than 32 in place and lists larger ones), line breaks between
members.

    tools/compare-builds.py OLD_BINARY NEW_BINARY            # seeds 1 to 100
    tools/compare-builds.py OLD_BINARY NEW_BINARY 101 400    # seeds 101 to 400

It prints each seed and option set whose reports differ, keeps that capture as
`/tmp/compare-builds/seed-N.json` (or `.ndjson`, `.har`), and exits 1 if any did.
A validation that runs past COMPARE_BUILDS_TIMEOUT seconds (default 60) counts as the exit
status "timeout", so a build that hangs where the other does not is reported, not fatal.
"""
import base64
import json
import os
import random
import subprocess
import sys

OUT = "/tmp/compare-builds"
# Seconds one validation may take: every capture here validates in well under one.
TIMEOUT = int(os.environ.get("COMPARE_BUILDS_TIMEOUT", "60"))
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema", "fileops.schema.json")

# Each capture is validated with every option set, by both builds.
OPTION_SETS = [
    ["--format", "json"],
    ["--format", "json", "--strict"],
    ["--format", "human"],
    ["--format", "sarif"],
    ["--format", "junit", "--max-violations", "5"],
    ["--format", "github", "--profile", "wire"],
    ["--format", "json", "--schema", SCHEMA],
]

# Unknown member names, written into the JSON text as they are (escapes stay escapes).
ODD_NAMES = ["a~b", "x/y", "~0", "~1", "/", "~", "\\u0074itle", 'ti\\"tle', "title", "id", "",
             "\\u007e1", "security", "Read", "x" * 40]


class Mutator:
    def __init__(self, rng):
        self.rng = rng

    def wrong(self):
        """A value of some other type."""
        return self.rng.choice([1, "s", None, True, ("obj", []), [], -1.5e300, 0.5])

    def value(self, v):
        rng = self.rng
        if isinstance(v, tuple):
            pairs = [(k, self.value(x)) for k, x in v[1]]
            if pairs and rng.random() < .15:
                i = rng.randrange(len(pairs))
                pairs[i] = (pairs[i][0], self.wrong())
            if pairs and rng.random() < .08:
                del pairs[rng.randrange(len(pairs))]
            if pairs and rng.random() < .08:
                k, x = rng.choice(pairs)
                pairs.insert(rng.randrange(len(pairs) + 1), (k, self.wrong() if rng.random() < .5 else x))
            if rng.random() < .06:
                for _ in range(rng.choice([3, 31, 32, 33, 70])):
                    name = rng.choice(ODD_NAMES) + (str(rng.randrange(5)) if rng.random() < .5 else "")
                    pairs.insert(rng.randrange(len(pairs) + 1), (RawName(name), self.wrong()))
            return ("obj", pairs)
        if isinstance(v, list):
            items = [self.value(x) for x in v]
            if items and rng.random() < .1:
                for _ in range(rng.choice([1, 40])):
                    extra = rng.choice(items) if rng.random() < .7 else self.wrong()
                    items.insert(rng.randrange(len(items) + 1), extra)
            if items and rng.random() < .1:
                items[rng.randrange(len(items))] = self.wrong()
            return items
        return v


class RawName(str):
    """A member name written into the text without escaping."""


def encode(v):
    if isinstance(v, tuple):
        members = []
        for k, x in v[1]:
            name = '"' + k + '"' if isinstance(k, RawName) else json.dumps(k)
            members.append(name + ":" + encode(x))
        return "{" + ",".join(members) + "}"
    if isinstance(v, list):
        return "[" + ",".join(encode(x) for x in v) + "]"
    return json.dumps(v)


def mutated(binary, rng, seed, ndjson=False):
    """`gen`'s output for `seed`, each document mutated, one text per document."""
    args = [binary, "gen", "--operations", str(rng.randint(5, 40)), "--seed", str(seed)]
    if ndjson:
        args.append("--ndjson")
    text = subprocess.run(args, capture_output=True, check=True).stdout.decode()
    mutate = Mutator(rng)
    docs = [json.loads(line, object_pairs_hook=lambda p: ("obj", list(p)))
            for line in text.splitlines() if line.strip()]
    return [encode(mutate.value(d)) for d in docs]


def har(bodies, rng):
    """A HAR session of one fileops GET per body, one second apart; some bodies in base64."""
    entries = []
    for i, body in enumerate(bodies):
        content = {"size": len(body), "mimeType": "application/json", "text": body}
        if rng.random() < .3:
            content["text"] = base64.b64encode(body.encode()).decode("ascii")
            content["encoding"] = "base64"
        entries.append({
            "startedDateTime": f"2025-03-01T10:00:{i:02}.000Z",
            "time": 35,
            "request": {"method": "GET", "url": "https://docspace.example.com/api/2.0/files/fileops",
                        "headers": []},
            "response": {"status": 200, "statusText": "OK", "headers": [], "content": content},
        })
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "compare-builds", "version": "1"},
                               "entries": entries}}, indent=rng.choice([None, 1]))


def capture(binary, seed):
    """The text of seed's capture and its file extension."""
    rng = random.Random(seed)
    kind = rng.random()
    if kind < .2:
        return "\n".join(mutated(binary, rng, seed, ndjson=True)) + "\n", "ndjson"
    if kind < .35:
        bodies = [mutated(binary, rng, seed * 7 + i)[0] for i in range(rng.randint(1, 3))]
        return har(bodies, rng), "har"
    body = mutated(binary, rng, seed)[0]
    if rng.random() < .3:
        body = body.replace(",", ",\n  ", rng.randint(1, 50))
    return body, "json"


def run(binary, options, path):
    """Exit status, stdout and stderr; a run past the time limit is a result too (a build that
    hangs where the other does not differs), reported as the status "timeout"."""
    try:
        p = subprocess.run([binary, "validate", *options, path], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""
    return p.returncode, p.stdout, p.stderr


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    first, last = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) == 5 else (1, 100)
    os.makedirs(OUT, exist_ok=True)
    differ = 0
    for seed in range(first, last + 1):
        text, ext = capture(new, seed)
        path = os.path.join(OUT, f"seed-{seed}.{ext}")
        with open(path, "w") as f:
            f.write(text)
        same = True
        for options in OPTION_SETS:
            a, b = run(old, options, path), run(new, options, path)
            if a != b:
                same = False
                print(f"seed {seed}: {' '.join(options)}: exit {a[0]} and {b[0]}, "
                      f"stdout {'same' if a[1] == b[1] else 'differs'}, "
                      f"stderr {'same' if a[2] == b[2] else 'differs'}")
        if same:
            os.remove(path)
        else:
            differ += 1
            print(f"  kept {path}")
    print(f"seeds {first} to {last}: {last - first + 1 - differ} the same, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
