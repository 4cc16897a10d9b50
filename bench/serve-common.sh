# Sourced by the server benchmarks (server.sh, propfind.sh, uploads.sh): a work directory removed
# at exit, a database (TARBOX_DB, default a fresh SQLite file in it) with tenant "bench" and a write
# token ($secret), small_files to make a directory of small files, and start_server to run `tarbox serve`
# on it ($url, $auth, $server_pid, $jpid).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export TARBOX_DB="${TARBOX_DB:-$work/bench.db}"
tarbox="$root/tarbox"
"$tarbox" init >/dev/null
"$tarbox" tenant create bench >/dev/null
secret=$("$tarbox" token create --tenant bench --scope write --name bench | tail -1)

# small_files DIR N: makes directory DIR with N small files (f000000.txt ...), the same in every benchmark.
small_files() {
  mkdir "$1"
  python3 - "$1" "$2" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(root, "f%06d.txt" % i), "w") as f:
        f.write("small file %d\n" % i)
PY
}

# start_server [SERVE OPTIONS...]: runs the server with SERVER_JAVA_OPTS (default -Xmx256m) and
# waits until it listens.
start_server() {
  TARBOX_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx256m}" "$tarbox" serve --listen 127.0.0.1:0 --request-log none "$@" \
    >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
  url=$(sed -n 's/^tarbox serve: listening on \([^ ]*\) .*/\1/p' "$work/serve.out")
  [ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
  jpid=$(pgrep -P "$server_pid" java || echo "$server_pid")
  auth="Authorization: Bearer $secret"
}
