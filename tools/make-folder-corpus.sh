#!/usr/bin/env bash
# Makes the "folder of small captures" workload of BENCHMARKS.md: N valid captures of 1-5
# operations each (tens of KB apiece), written by `fileops-validator gen` with one seed per file,
# so the same N gives the same bytes on every machine.
#   usage: tools/make-folder-corpus.sh DIR [N] [FILEOPS-VALIDATOR]
#   e.g.   tools/make-folder-corpus.sh /tmp/folder 5000 target/release/fileops-validator
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,6p' "$0"; exit 2; }
DIR=$1
N=${2:-5000}
BIN=${3:-fileops-validator}
command -v "$BIN" >/dev/null 2>&1 || { echo "$BIN not found: build it or pass its path" >&2; exit 2; }
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive integer, got '$N'" >&2; exit 2; }
mkdir -p "$DIR"
for ((i = 0; i < N; i++)); do
  # 1-5 operations, spread over the files by their index; sub-folders of 500 like a real archive.
  sub=$(printf '%s/%03d' "$DIR" $((i / 500)))
  mkdir -p "$sub"
  "$BIN" gen --operations $((i % 5 + 1)) --seed "$i" > "$(printf '%s/capture-%05d.json' "$sub" "$i")"
done
echo "$N captures, $(du -sb "$DIR" | cut -f1) bytes in $DIR" >&2
