#!/usr/bin/env bash
# PROPFIND depth 1 of one big directory under wrk: requests/s of `tarbox serve` listing FILES
# entries, asked for three live properties (what bench/server.sh measures) and with allprop
# (an empty body: every live property and the dead ones too). Traffic goes to 127.0.0.1 only.
#
# usage: [TARBOX_DB=URL] bench/propfind.sh [FILES] [WRK_SECONDS] [CONNECTIONS]
#        (defaults: 10000 files, 20 s, 4 connections; a fresh SQLite file)
# needs: curl, wrk (apt-get install curl wrk)
set -euo pipefail
files=${1:-10000}
secs=${2:-20}
conns=${3:-4}
source "$(dirname "$0")/serve-common.sh"

small_files "$work/small" "$files"
"$tarbox" --tenant bench import "$work/small" /small >/dev/null

start_server

# one request first: it must list every file (and warms the server up)
count=$(curl -sS -f -X PROPFIND -H "$auth" -H 'Depth: 1' "$url/dav/bench/small/" | grep -o '<D:response>' | wc -l)
[ "$count" -eq "$((files + 1))" ] || { echo "PROPFIND listed $count responses, expected $((files + 1))" >&2; exit 1; }

cat >"$work/named.lua" <<'LUA'
wrk.method = "PROPFIND"
wrk.headers["Depth"] = "1"
wrk.headers["Content-Type"] = "application/xml"
wrk.body = '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getlastmodified/><D:getcontentlength/><D:resourcetype/></D:prop></D:propfind>'
LUA
cat >"$work/allprop.lua" <<'LUA'
wrk.method = "PROPFIND"
wrk.headers["Depth"] = "1"
LUA
rps() { awk '/Requests\/sec/ {print $2}'; }
named=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 60s -H "$auth" -s "$work/named.lua" "$url/dav/bench/small/" | rps)
allprop=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 60s -H "$auth" -s "$work/allprop.lua" "$url/dav/bench/small/" | rps)
one=$( { /usr/bin/time -f %e curl -sS -f -o /dev/null -X PROPFIND -H "$auth" -H 'Depth: 1' "$url/dav/bench/small/"; } 2>&1 )

echo "| PROPFIND depth 1, ${files} entries (wrk, ${conns} connections, ${secs} s) | requests/s |"
echo "| --- | --- |"
echo "| three live properties | ${named} |"
echo "| allprop (live and dead properties) | ${allprop} |"
echo "| one allprop request alone (curl) | ${one} s |"
