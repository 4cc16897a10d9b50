#!/usr/bin/env bash
# Measures `tarbox serve` with real clients, paired with the local commands on the same database:
#   - PUT/GET of one large file with curl, against `tarbox put` / `tarbox get`;
#   - many small files with `rclone copy` (webdav), against `tarbox import`;
#   - requests/s under wrk: PROPFIND depth 1 on the directory of small files, GET of a small file;
#   - the server's peak memory (VmHWM) while 50 uploads run at once.
# Traffic goes to 127.0.0.1 only; every loop is bounded.
#
# usage: [TARBOX_DB=URL] bench/server.sh [MEGABYTES] [FILES] [WRK_SECONDS]
#        (defaults: 1024 MB, 10000 files, 20 s; a fresh SQLite file)
# The server runs with SERVER_JAVA_OPTS (default -Xmx256m).
# needs: curl, rclone, wrk (apt-get install curl rclone wrk)
set -euo pipefail
mb=${1:-1024}
files=${2:-10000}
secs=${3:-20}
source "$(dirname "$0")/serve-common.sh"

seconds() { # runs "$@", prints the elapsed wall time in seconds
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

head -c "$((mb * 1024 * 1024))" /dev/urandom >"$work/big.bin"
small_files "$work/small" "$files"

# local commands first (the server is not running: it would hold the tenant's tree)
lput=$(seconds "$tarbox" --tenant bench put "$work/big.bin" /local-big.bin)
lget=$(seconds "$tarbox" --tenant bench get /local-big.bin "$work/local.out")
limport=$(seconds "$tarbox" --tenant bench import "$work/small" /local-small)

start_server

rput=$(seconds curl -sS -f -H "$auth" -T "$work/big.bin" "$url/dav/bench/big.bin")
rget=$(seconds curl -sS -f -H "$auth" -o "$work/big.out" "$url/dav/bench/big.bin")
cmp -s "$work/big.bin" "$work/big.out" || { echo "GET returned different bytes" >&2; exit 1; }

export RCLONE_CONFIG_B_TYPE=webdav RCLONE_CONFIG_B_URL="$url/dav/bench" RCLONE_CONFIG_B_VENDOR=owncloud \
  RCLONE_CONFIG_B_BEARER_TOKEN="$secret"
rcopy=$(seconds rclone copy --config /dev/null --transfers 8 "$work/small" b:small)
rclone check --config /dev/null "$work/small" b:small >/dev/null 2>&1 || { echo "rclone check failed" >&2; exit 1; }

cat >"$work/propfind.lua" <<'LUA'
wrk.method = "PROPFIND"
wrk.headers["Depth"] = "1"
wrk.headers["Content-Type"] = "application/xml"
wrk.body = '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getlastmodified/><D:getcontentlength/><D:resourcetype/></D:prop></D:propfind>'
LUA
rps() { awk '/Requests\/sec/ {print $2}'; }
propfind=$(wrk -t2 -c4 -d"${secs}s" --timeout 30s -H "$auth" -s "$work/propfind.lua" "$url/dav/bench/small/" | rps)
getsmall=$(wrk -t2 -c16 -d"${secs}s" -H "$auth" "$url/dav/bench/small/f000001.txt" | rps)

# 50 uploads at once (4 MB each), the server's peak resident memory
head -c $((4 * 1024 * 1024)) /dev/urandom >"$work/four.bin"
for i in $(seq 1 50); do curl -sS -f -H "$auth" -T "$work/four.bin" "$url/dav/bench/c$i.bin" & done
wait $(jobs -p | grep -v "^$server_pid\$") 2>/dev/null || true
hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$jpid/status")

echo "| operation | local command | server |"
echo "| --- | --- | --- |"
echo "| put / PUT ${mb} MB (curl) | ${lput} s | ${rput} s |"
echo "| get / GET ${mb} MB (curl) | ${lget} s | ${rget} s |"
echo "| import / rclone copy ${files} small files | ${limport} s | ${rcopy} s |"
echo "| PROPFIND depth 1, ${files} entries (wrk, 4 connections) | | ${propfind} requests/s |"
echo "| GET of a 17-byte file (wrk, 16 connections) | | ${getsmall} requests/s |"
echo "| peak memory of the server (VmHWM) after 50 concurrent 4 MB uploads | | ${hwm} MB |"
