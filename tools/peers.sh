#!/usr/bin/env bash
# Times the validators a user would otherwise pick, side by side with ours, on one payload file
# or a folder of captures (the workloads of BENCHMARKS.md). Prints wall seconds, peak memory and
# exit status of one run each: run it several times and take medians (machines are noisy).
#   usage: tools/peers.sh SCHEMA PAYLOAD [-- OUR COMMAND...]
#   e.g.   tools/peers.sh schema/fileops.schema.json /tmp/w20k.json
#          tools/peers.sh schema/fileops.schema.json /tmp/folder -- target/release/fileops-validator validate -q /tmp/folder
# Without OUR COMMAND it runs target/release/fileops-validator validate --quiet PAYLOAD.
# Installs the peers once into $PEERS_HOME (default ~/.cache/fileops-peers): jsonschema-cli
# (crates.io; $JSONSCHEMA_CLI_VERSION, default 0.60.2, the one BENCHMARKS.md measures), ajv-cli +
# ajv-formats (npm), the sourcemeta jsonschema CLI and check-jsonschema (PyPI). Needs GNU time
# (/usr/bin/time; Debian package `time`).
set -euo pipefail
usage() { sed -n '2,12p' "$0"; exit 2; }
[ $# -ge 2 ] || usage
[ -e "$1" ] || { echo "no schema at $1" >&2; exit 2; }
[ -e "$2" ] || { echo "no payload at $2" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
SCHEMA=$(realpath "$1"); PAYLOAD=$(realpath "$2"); shift 2
[ "${1:-}" = "--" ] && shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  [ -x "$ROOT/target/release/fileops-validator" ] || { echo "build ours first: cargo build --release" >&2; exit 2; }
  set -- "$ROOT/target/release/fileops-validator" validate --quiet "$PAYLOAD"
fi

# A folder is given to the peers as its files (sorted), as each of them takes a list.
if [ -d "$PAYLOAD" ]; then
  mapfile -t FILES < <(find "$PAYLOAD" -type f \( -name '*.json' -o -name '*.ndjson' \) | sort)
  [ ${#FILES[@]} -gt 0 ] || { echo "no *.json in $PAYLOAD" >&2; exit 2; }
  SIZE=$(du -sb "$PAYLOAD" | cut -f1)
else
  FILES=("$PAYLOAD")
  SIZE=$(stat -c %s "$PAYLOAD")
fi

H=${PEERS_HOME:-$HOME/.cache/fileops-peers}; mkdir -p "$H"
if [ ! -x "$H/cargo/bin/jsonschema-cli" ]; then
  echo "installing jsonschema-cli (a few minutes)..." >&2
  cargo install --quiet --locked --root "$H/cargo" jsonschema-cli \
    --version "${JSONSCHEMA_CLI_VERSION:-0.60.2}" >&2
fi
if [ ! -x "$H/node_modules/.bin/ajv" ]; then
  (cd "$H" && npm init -y >/dev/null && npm install --silent ajv-cli ajv-formats >&2)
fi
if [ ! -x "$H/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$H/venv" && "$H/venv/bin/pip" install -q check-jsonschema sourcemeta-jsonschema >&2
fi
# The package ships a binary per platform: take this machine's (the first in name order was
# arm64's, which an x86_64 machine cannot run).
case "$(uname -m)" in aarch64 | arm64) SM_ARCH=arm64 ;; *) SM_ARCH=$(uname -m) ;; esac
SM=$(ls "$H"/venv/lib/python3*/site-packages/sourcemeta_jsonschema/jsonschema-linux-"$SM_ARCH" 2>/dev/null | head -1 || true)
[ -n "$SM" ] && chmod +x "$SM"

ERR=$(mktemp); trap 'rm -f "$ERR"' EXIT
measure() { # name, command...: one timed run, its exit status kept
  local name=$1; shift
  local rc=0
  /usr/bin/time -o "$ERR" -f "%e %M" "$@" >/dev/null 2>/dev/null || rc=$?
  local t; t=$(tail -1 "$ERR")
  printf '%-22s %8s s %8s MB  exit %s\n' "$name" "${t%% *}" "$(awk '{printf "%.0f", $2/1024}' <<<"$t")" "$rc"
}

echo "payload: $PAYLOAD (${#FILES[@]} file(s), $SIZE bytes), schema: $SCHEMA"
measure "ours" "$@"
INPUTS=(); for f in "${FILES[@]}"; do INPUTS+=(-i "$f"); done
measure "jsonschema-cli" "$H/cargo/bin/jsonschema-cli" validate "$SCHEMA" "${INPUTS[@]}"
DATA=(); for f in "${FILES[@]}"; do DATA+=(-d "$f"); done
measure "ajv-cli" "$H/node_modules/.bin/ajv" validate --spec=draft2020 --strict=false -c ajv-formats -s "$SCHEMA" "${DATA[@]}"
if [ -n "$SM" ]; then measure "sourcemeta --fast" "$SM" validate --fast "$SCHEMA" "${FILES[@]}"; fi
if [ "$SIZE" -le 20000000 ]; then
  measure "check-jsonschema" "$H/venv/bin/check-jsonschema" --schemafile "$SCHEMA" "${FILES[@]}"
else
  echo "check-jsonschema       skipped (over 20 MB: minutes per run)"
fi
