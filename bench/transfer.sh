#!/usr/bin/env bash
# Measures the file commands on big inputs: put/get of one large file, and import/export of a
# directory of many small files, through the real `tarbox` launcher into a fresh database.
#
# usage: [TARBOX_DB=URL] bench/transfer.sh [MEGABYTES] [FILES]   (defaults: 1024 MB, 100000 files,
# a fresh SQLite file)
set -euo pipefail
mb=${1:-1024}
files=${2:-100000}
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TARBOX_DB="${TARBOX_DB:-$work/bench.db}"
tarbox="$root/tarbox"
"$tarbox" init >/dev/null

seconds() { # runs "$@", prints the elapsed wall time in seconds
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

head -c "$((mb * 1024 * 1024))" /dev/urandom >"$work/big.bin"
mkdir "$work/small"
python3 - "$work/small" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
per_dir = 1000
for i in range(n):
    d = os.path.join(root, "d%04d" % (i // per_dir))
    if i % per_dir == 0:
        os.mkdir(d)
    with open(os.path.join(d, "f%06d.txt" % i), "w") as f:
        f.write("small file %d\n" % i)
PY

put=$(seconds "$tarbox" put "$work/big.bin" /big.bin)
get=$(seconds "$tarbox" get /big.bin "$work/big.out")
cmp -s "$work/big.bin" "$work/big.out" || { echo "get returned different bytes" >&2; exit 1; }
import=$(seconds "$tarbox" import "$work/small" /small)
export=$(seconds "$tarbox" export /small "$work/small.out")
diff -r -q "$work/small" "$work/small.out" >/dev/null || { echo "export differs from the imported tree" >&2; exit 1; }

rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "| operation | time | rate |"
echo "| --- | --- | --- |"
echo "| put ${mb} MB file | ${put} s | $(rate "$mb" "$put") MB/s |"
echo "| get ${mb} MB file | ${get} s | $(rate "$mb" "$get") MB/s |"
echo "| import ${files} small files | ${import} s | $(rate "$files" "$import") files/s |"
echo "| export ${files} small files | ${export} s | $(rate "$files" "$export") files/s |"
