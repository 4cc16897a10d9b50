#!/usr/bin/env bash
# Start-up of the release archive's bin/tarbox: with its CDS archive in the user's cache (made by
# the first run) against without one (cache directory not writable), on `--version` and `ls /`.
# Needs hyperfine and a built archive (mvn -B package).
#   usage: bench/archive-startup.sh [tarbox-dist/target/tarbox-VERSION.tar.gz]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
archive="${1:-$(ls "$root"/tarbox-dist/target/tarbox-*.tar.gz | head -n 1)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar xzf "$archive" -C "$work"
tarbox="$(echo "$work"/tarbox-*/bin/tarbox)"
export HOME="$work/home"
mkdir -p "$HOME"
db="$work/bench.db"
"$tarbox" --db "$db" mkdir /data >/dev/null
XDG_CACHE_HOME="$work/cache" "$tarbox" --version >/dev/null # makes the CDS archive
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-markdown "$work/result.md" \
  -n "version, CDS archive" "env XDG_CACHE_HOME=$work/cache $tarbox --version" \
  -n "version, none" "env XDG_CACHE_HOME=/proc/nonexistent $tarbox --version" \
  -n "ls, CDS archive" "env XDG_CACHE_HOME=$work/cache $tarbox --db $db ls /" \
  -n "ls, none" "env XDG_CACHE_HOME=/proc/nonexistent $tarbox --db $db ls /"
cat "$work/result.md"
