#!/usr/bin/env python3
r"""Makes the HAR workload of BENCHMARKS.md: one HAR session of N fileops GET entries, one
second apart in `startedDateTime` (file order is date order, as browsers write it), each body
`fileops-validator gen --operations OPS --seed I`. The same arguments give the same bytes on
every machine. `--reversed` writes the entries in reverse date order: the sequence rules must
then read the HAR again, in date order. `--skipped` makes a HAR the walk only skips (and checks
to be JSON): each body under another endpoint, followed by an image entry of 300,000 random
bytes in base64.

    tools/make-har-corpus.py OUT [N] [OPS] [FILEOPS-VALIDATOR] [--reversed] [--skipped]
    tools/make-har-corpus.py /tmp/big.har 400 50 target/release/fileops-validator   # 180 MB
"""

import base64
import datetime
import json
import random
import shutil
import subprocess
import sys


def main() -> int:
    flags = {"--reversed", "--skipped"}
    args = [a for a in sys.argv[1:] if a not in flags]
    reversed_order = "--reversed" in sys.argv[1:]
    skipped = "--skipped" in sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = args[0]
    try:
        n = int(args[1]) if len(args) > 1 else 400
        ops = int(args[2]) if len(args) > 2 else 50
    except ValueError:
        print("N and OPS must be integers", file=sys.stderr)
        return 2
    binary = args[3] if len(args) > 3 else "fileops-validator"
    if n < 1 or ops < 0:
        print("N must be at least 1 and OPS at least 0", file=sys.stderr)
        return 2
    if shutil.which(binary) is None:
        print(f"{binary} not found: build it or pass its path", file=sys.stderr)
        return 2
    start = datetime.datetime(2025, 3, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)
    entries = []
    for i in range(n):
        body = subprocess.run(
            [binary, "gen", "--operations", str(ops), "--seed", str(i)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        started = start + datetime.timedelta(seconds=i)
        entries.append(
            {
                "startedDateTime": started.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "time": 35,
                "request": {
                    "method": "GET",
                    "url": "https://docspace.example.com/api/2.0/files/"
                    + ("other" if skipped else "fileops"),
                    "headers": [],
                },
                "response": {
                    "status": 200,
                    "statusText": "OK",
                    "headers": [],
                    "content": {
                        "size": len(body),
                        "mimeType": "application/json; charset=utf-8",
                        "text": body,
                    },
                },
            }
        )
        if skipped:
            image = base64.b64encode(random.Random(i).randbytes(300_000)).decode("ascii")
            entries.append(
                {
                    "startedDateTime": started.strftime("%Y-%m-%dT%H:%M:%S.500Z"),
                    "time": 12,
                    "request": {
                        "method": "GET",
                        "url": f"https://docspace.example.com/static/images/{i}.png",
                        "headers": [],
                    },
                    "response": {
                        "status": 200,
                        "statusText": "OK",
                        "headers": [],
                        "content": {"size": 300_000, "mimeType": "image/png",
                                    "encoding": "base64", "text": image},
                    },
                }
            )
    if reversed_order:
        entries.reverse()
    har = {"log": {"version": "1.2", "creator": {"name": "make-har-corpus", "version": "1"},
                   "entries": entries}}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(har, f, ensure_ascii=False)
    print(f"{n} entries in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
