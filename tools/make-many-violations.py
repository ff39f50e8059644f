#!/usr/bin/env python3
r"""Writes the captures of BENCHMARKS.md's "many violations in one operation or envelope" table
into DIR, one file each: one operation or one envelope holding tens of thousands of violations
or members, the shapes that took time quadratic in their number.

    tools/make-many-violations.py /tmp/many
    for f in /tmp/many/*.json; do
        /usr/bin/time -f "%e s $f" target/release/fileops-validator validate -q --format json $f > /dev/null
    done
    # the two `strict-` files are timed with --strict

Four times the size should take about four times as long.
"""
import os
import sys

HEAD = '{"response":[{"id":"x","Operation":1,"files":['
TAIL = ']}]}'


def one_operation(entries, head=HEAD):
    return head + ','.join(entries) + TAIL


# An operation with every member it needs, so that only its entries are wrong.
WHOLE = '{"response":[{"id":"x","Operation":1,"progress":1,"finished":true,"files":['


CAPTURES = {
    # (file name, text)
    'files-16000-title-integer.json': one_operation(['{"id":"a","title":1}'] * 16_000),
    'files-64000-title-integer.json': one_operation(['{"id":"a","title":1}'] * 64_000),
    'files-200000-title-integer.json': one_operation(['{"id":"a","title":1}'] * 200_000),
    'files-40000-no-title.json': one_operation(['{"id":1,"zz":1}'] * 40_000, WHOLE),
    'files-40000-repeated-id.json': one_operation(['{"id":1,"id":2}'] * 40_000, WHOLE),
    'operation-40000-repeated-names.json':
        '{"response":[{"id":"x","Operation":1,'
        + ','.join(f'"k{i}":1,"k{i}":2' for i in range(40_000)) + '}]}',
    'envelope-80000-unknown-members.json':
        '{' + ','.join(f'"m{i}":1' for i in range(80_000)) + ',"response":[]}',
    'strict-envelope-80000-members-twice.json':
        '{' + ','.join(f'"m{i}":1' for i in range(80_000)) + ','
        + ','.join(f'"m{i}":2' for i in range(80_000)) + ',"response":[]}',
    'strict-operation-500000-unknown-members.json':
        '{"response":[{"id":"x","Operation":1,'
        + ','.join(f'"x{i}":1' for i in range(500_000)) + '}]}',
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, text in CAPTURES.items():
        with open(os.path.join(out, name), 'w') as f:
            f.write(text)
        print(f'{name}: {len(text):,} bytes')


if __name__ == '__main__':
    main()
