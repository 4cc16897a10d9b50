#!/usr/bin/env bash
# The memory of `tarbox serve` while many uploads run at once: N curl PUTs of SIZE MB each, all
# started together, against one tenant. Prints the server's resident memory after start-up (one
# request served), its peak while the uploads ran (VmHWM, read before and after: the kernel's own
# high-water mark), the wall time, and checks every upload (size and SHA-256 of a GET).
# Traffic goes to 127.0.0.1 only.
#
# usage: [TARBOX_DB=URL] [SERVER_JAVA_OPTS=-Xmx256m] bench/uploads.sh [UPLOADS] [MEGABYTES]
#        (defaults: 50 uploads of 16 MB; a fresh SQLite file)
# needs: curl (apt-get install curl)
set -euo pipefail
uploads=${1:-50}
mb=${2:-16}
source "$(dirname "$0")/serve-common.sh"
head -c "$((mb * 1024 * 1024))" /dev/urandom >"$work/upload.bin"
want=$(sha256sum <"$work/upload.bin" | cut -d' ' -f1)

opts="${SERVER_JAVA_OPTS:--Xmx256m}"
start_server --max-concurrent 64
mib() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$jpid/status"; }

curl -sS -f -H "$auth" -X MKCOL "$url/dav/bench/up/" >/dev/null
curl -sS -f -H "$auth" -T "$work/upload.bin" "$url/dav/bench/up/warm.bin" # one upload first: classes loaded, pools made
rss_idle=$(mib VmRSS)
hwm_idle=$(mib VmHWM)

start=$EPOCHREALTIME
pids=()
for i in $(seq 1 "$uploads"); do
  curl -sS -f -H "$auth" -T "$work/upload.bin" "$url/dav/bench/up/u$i.bin" &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
hwm=$(mib VmHWM)
rss_after=$(mib VmRSS)
[ "$failed" -eq 0 ] || { echo "$failed uploads failed" >&2; exit 1; }
for i in $(seq 1 "$uploads"); do
  got=$(curl -sS -f -H "$auth" "$url/dav/bench/up/u$i.bin" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$want" ] || { echo "u$i.bin came back different" >&2; exit 1; }
done

echo "| ${uploads} uploads of ${mb} MB at once ($opts) | |"
echo "| --- | --- |"
echo "| resident after one upload (VmRSS) | ${rss_idle} MiB (peak so far ${hwm_idle} MiB) |"
echo "| peak while they ran (VmHWM) | ${hwm} MiB |"
echo "| resident after them (VmRSS) | ${rss_after} MiB |"
echo "| wall time of the uploads | ${secs} s |"
