#!/usr/bin/env python3
r"""Times whole commands side by side: each round runs every command once, in turn, so that a
machine slowing or speeding up during the run affects them alike. Prints the median wall time
(time.perf_counter around the run) and CPU time (user + system of the child, from getrusage)
of each, with every round's wall time. Output of the commands is discarded.

    tools/alternate.py ROUNDS LABEL=COMMAND [LABEL=COMMAND ...]

    tools/alternate.py 9 base="/tmp/base/fileops-validator validate -q /tmp/folder" \
        new="target/release/fileops-validator validate -q /tmp/folder"
"""
import resource
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or any("=" not in a for a in sys.argv[2:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rounds = int(sys.argv[1])
    specs = [a.split("=", 1) for a in sys.argv[2:]]
    walls = {label: [] for label, _ in specs}
    cpus = {label: [] for label, _ in specs}
    for _ in range(rounds):
        for label, command in specs:
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
