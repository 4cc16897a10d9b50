#!/bin/sh
# The release archive as a user gets it (run by `mvn verify`, phase integration-test):
# unpacked into an empty directory, made read-only, and run from another directory by another
# user (nobody, when the build runs as root; else the building user). Checks the launcher (Java
# found or a clear message, symlinks, the CDS archive in the user's cache and nothing written into
# the installation), --version, a run, `tarbox test`, completion, man pages and licenses.
#   usage: archive-test.sh TARBOX.tar.gz TARBOX.zip
set -eu
tgz=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
zip=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
chmod 755 "$work"
checks=0
fail() { echo "archive test: FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }

# Unpacked into empty directories: the .tar.gz and the .zip hold the same files.
mkdir "$work/tgz" "$work/zip"
tar xzf "$tgz" -C "$work/tgz"
set -- "$work"/tgz/tarbox-*
home=$1
if command -v unzip >/dev/null; then
  (cd "$work/zip" && unzip -q "$zip")
  diff -r "$home" "$work"/zip/tarbox-* >/dev/null || fail "the .tar.gz and the .zip differ"
  [ -x "$work"/zip/tarbox-*/bin/tarbox ] || fail "bin/tarbox is not executable from the .zip"
  ok
else
  echo "archive test: no unzip: the .zip is not compared" >&2
fi
for f in bin/tarbox lib/tarbox.jar lib/jvm-options.sh LICENSE README.md INSTALL.md licenses/THIRD-PARTY.md \
    completion/tarbox.bash completion/tarbox.zsh man/man1/tarbox.1 man/man1/tarbox-run.1 \
    man/man1/tarbox-test.1 man/man1/tarbox-snapshot-create.1; do
  [ -f "$home/$f" ] || fail "the archive has no $f"
done
ok

# Read-only, for everyone; the listing is compared at the end (nothing may appear in it).
chmod -R a-w,a+rX "$home"
listing() { (cd "$home" && find . -exec ls -ld {} + | awk '{print $1, $5, $NF}' | sort); }
before=$(listing)

# The other user, and the files it may read.
user=$(id -un)
as=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
  user=nobody
  as="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
else
  echo "archive test: not root: running as $user (running as another user needs root)" >&2
fi
mkdir "$work/userhome" "$work/files" "$work/cases"
cp "$repo/examples/hello/hello.wasm" "$work/files/"
for c in fd_basic exit_42 trap; do
  cp "$repo/tarbox-wasi/src/test/resources/conformance/$c.wasm" "$repo/tarbox-wasi/src/test/resources/conformance/$c.json" "$work/cases/"
done
chmod -R a+rX "$work/files" "$work/cases"
[ "$user" = nobody ] && chown -R nobody "$work/userhome"
javahome=${JAVA_HOME:-}

# tarbox as the user, from /, with a clean environment
t() {
  (cd / && $as env -i PATH="$PATH" HOME="$work/userhome" ${javahome:+JAVA_HOME="$javahome"} "$home/bin/tarbox" "$@")
}

out=$(t --version) || fail "--version failed: $out"
version=$(basename "$home" | sed 's/^tarbox-//')
echo "$out" | grep -q "^tarbox $version (commit [0-9a-f]*)" || \
  echo "$out" | grep -q "^tarbox $version (commit unknown)" || fail "--version says: $out"
ok
ls "$work"/userhome/.cache/tarbox/cds/tarbox-*.jsa >/dev/null 2>&1 || fail "no CDS archive in the user's cache after the first run"
ls "$work"/userhome/.cache/tarbox/cds/*.tmp >/dev/null 2>&1 && fail "a temporary CDS archive was left behind"
ok

db="$work/userhome/tarbox.db"
t --db "$db" mkdir /data >/dev/null || fail "mkdir"
out=$(t --db "$db" run "$work/files/hello.wasm" --dir /data -- archive) || fail "run: $out"
[ "$out" = "hello, archive
1 greeting so far" ] || fail "run printed: $out"
out=$(t --db "$db" cat /data/greetings.txt)
[ "$out" = archive ] || fail "cat printed: $out"
ok

# The JIT settings of a run follow the database the launcher guesses it uses: C2 sooner on PostgreSQL
flags() { # the JVM options a command got, one per line
  (cd / && $as env -i PATH="$PATH" HOME="$work/userhome" ${javahome:+JAVA_HOME="$javahome"} \
    TARBOX_JAVA_OPTS=-XX:+PrintCommandLineFlags "$home/bin/tarbox" "$@" 2>/dev/null) | tr ' ' '\n'
}
run_flags=$(flags --db "$db" run "$work/files/hello.wasm" --dir /data -- flags)
out=$(echo "$run_flags" | grep '^-XX:Tier4InvocationThreshold=' || true)
[ "$out" = "-XX:Tier4InvocationThreshold=50000" ] || fail "a run on SQLite got: $out"
out=$(flags run --db=postgresql://127.0.0.1:1/none "$work/files/hello.wasm" | grep '^-XX:Tier4InvocationThreshold=' || true)
[ "$out" = "-XX:Tier4InvocationThreshold=10000" ] || fail "a run on PostgreSQL got: $out"
ok
# A run loads cached compiled classes without verifying them again (they were verified when
# compiled); other commands verify as usual, and each kind has its own CDS archive.
echo "$run_flags" | grep -qx -- '-XX:-BytecodeVerificationRemote' || fail "a run verifies its classes"
flags --db "$db" ls / | grep -qx -- '-XX:-BytecodeVerificationRemote' && fail "ls runs without verification"
ls "$work"/userhome/.cache/tarbox/cds/tarbox-*-unverified.jsa >/dev/null 2>&1 || fail "no CDS archive for runs"
ok

out=$(t test -j 2 "$work/cases") || fail "tarbox test: $out"
echo "$out" | tail -n 1 | grep -qx "3 passed, 0 failed" || fail "tarbox test printed: $out"
ok

# From a symlink elsewhere (as /usr/local/bin/tarbox -> /opt/tarbox/bin/tarbox)
mkdir "$work/links"
ln -s "$home/bin/tarbox" "$work/links/tarbox"
out=$(cd / && env -i PATH="$PATH" HOME="$work/userhome" ${javahome:+JAVA_HOME="$javahome"} "$work/links/tarbox" --version) \
  || fail "through a symlink: $out"
ok

# No Java: one clear line, exit code 1
status=0
err=$(cd / && env -i PATH=/nonexistent HOME="$work/userhome" /bin/sh "$home/bin/tarbox" --version 2>&1) || status=$?
[ "$status" = 1 ] || fail "without Java: exit code $status"
[ "$err" = "tarbox: no Java found: install Java 17 or newer, or set JAVA_HOME to one" ] || fail "without Java: $err"
# A Java too old
mkdir -p "$work/oldjava/bin"
printf '#!/bin/sh\necho "openjdk version \\"11.0.2\\" 2019-01-15" >&2\n' >"$work/oldjava/bin/java"
chmod 755 "$work/oldjava/bin/java"
status=0
err=$(cd / && env -i PATH="$PATH" HOME="$work/userhome" JAVA_HOME="$work/oldjava" "$home/bin/tarbox" --version 2>&1) || status=$?
[ "$status" = 1 ] || fail "with Java 11: exit code $status"
echo "$err" | grep -q "^tarbox: Java 17 or newer is needed; $work/oldjava/bin/java is Java 11 " || fail "with Java 11: $err"
ok

# Completion and man pages
bash -c ". '$home/completion/tarbox.bash' && complete -p tarbox" >/dev/null || fail "the bash completion does not load"
if command -v zsh >/dev/null; then
  zsh -c "autoload -U +X compinit && compinit -u && source '$home/completion/tarbox.zsh'" || fail "the zsh completion does not load"
fi
if command -v groff >/dev/null; then
  for page in "$home"/man/man1/*.1; do
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    [ -z "$warnings" ] || fail "$(basename "$page"): $warnings"
  done
fi
ok

# Every library in the jar is named in licenses/THIRD-PARTY.md
if command -v unzip >/dev/null; then
  for artifact in $(unzip -Z1 "$home/lib/tarbox.jar" 'META-INF/maven/*/pom.properties' | cut -d / -f 4 | sort -u); do
    case $artifact in tarbox-*) continue ;; esac
    grep -q "$artifact" "$home/licenses/THIRD-PARTY.md" || fail "$artifact is bundled but not in licenses/THIRD-PARTY.md"
  done
fi
for dir in "$home"/licenses/*/; do
  artifact=$(basename "$dir")
  grep -q "$artifact" "$home/licenses/THIRD-PARTY.md" || fail "$artifact has license files but is not in licenses/THIRD-PARTY.md"
done
ok

[ "$(listing)" = "$before" ] || fail "the installation directory changed"
ok
echo "archive test: $checks checks passed (as $user, from a read-only installation)"
