#!/usr/bin/env python3
r"""Times whole commands side by side: each round runs every command once, in turn, so that a
machine slowing or speeding up during the run affects them alike. Prints the median wall time
(time.perf_counter around the run) and CPU time (user + system of the child, from getrusage)
of each, with every round's wall time. Output of the commands is discarded.

    tools/alternate.py [--warm PATH]... ROUNDS LABEL=COMMAND [LABEL=COMMAND ...]

    tools/alternate.py --warm /tmp/folder 9 \
        base="/tmp/base/fileops-validator validate -q /tmp/folder" \
        new="target/release/fileops-validator validate -q /tmp/folder"

--warm PATH reads every file under PATH (a file or a folder) before each command, outside the
timed part, so that every command finds its inputs in the page cache. On the project's machine
the kernel pages out memory nobody touched for a few seconds (DAMON's `pageout` scheme), page
cache included, with 21 GB free: a capture left alone between two runs is partly read from the
disk again, and that time lands on whichever command reads it first. BENCHMARKS.md, "Noise".
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def read_all(path: str) -> None:
    """Reads every file under `path` (or `path` itself), discarding the bytes."""
    files = [path] if os.path.isfile(path) else (
        os.path.join(d, f) for d, _, names in os.walk(path) for f in names
    )
    for name in files:
        with open(name, "rb") as f:
            while f.read(1 << 20):
                pass


def main() -> int:
    args = sys.argv[1:]
    warm = []
    while len(args) >= 2 and args[0] == "--warm":
        if not os.path.exists(args[1]):
            print(f"alternate.py: --warm {args[1]}: no such file or folder", file=sys.stderr)
            return 2
        warm.append(args[1])
        args = args[2:]
    if len(args) < 2 or not args[0].isdigit() or any("=" not in a for a in args[1:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rounds = int(args[0])
    specs = [a.split("=", 1) for a in args[1:]]
    walls = {label: [] for label, _ in specs}
    cpus = {label: [] for label, _ in specs}
    for _ in range(rounds):
        for label, command in specs:
            for path in warm:
                read_all(path)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            walls[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[label].append(
                (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            )
    for label, _ in specs:
        rounds_ms = " ".join(f"{w * 1000:.0f}" for w in walls[label])
        print(
            f"{label:8s} wall {statistics.median(walls[label]) * 1000:7.1f} ms"
            f"  cpu {statistics.median(cpus[label]) * 1000:7.1f} ms   walls: {rounds_ms}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
