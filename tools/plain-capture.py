#!/usr/bin/env python3
r"""Writes a copy of a capture with every escape in its strings replaced by one plain character:
`\\` by `/`, `\"` by `'`, `\t` by a space, `\uXXXX` by `x`. Real servers send few escapes; the
generator (`fileops-validator gen`) puts many into names on purpose, to test them. BENCHMARKS.md
measures both kinds of capture.

    tools/plain-capture.py IN OUT
"""
import re
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    text = text.replace("\\\\", "/").replace('\\"', "'").replace("\\t", " ")
    text = re.sub(r"\\u[0-9a-fA-F]{4}", "x", text)
    if "\\" in text:
        print(f"{sys.argv[1]}: an escape this script does not replace is left", file=sys.stderr)
        return 1
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
