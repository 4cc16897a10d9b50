#!/usr/bin/env bash
# Builds the WASI 0.2 command components of the tests into src/test/resources/components/: the
# conformance programs and the bench workloads, each compiled from the same C source as its module
# plus c/component/cabi_realloc.c (see there why), then adapted with the standard preview 1 adapter
# (jco new --wasi-command, i.e. wasm-tools component new with wasi_snapshot_preview1.command); the
# WAT conformance programs are adapted as they are; wat/components/*.wat are components written by
# hand (jco parse = wasm-tools parse). The built components are committed: CI needs neither node,
# npm nor clang.
#
# Needs Debian's clang, lld, wasi-libc and wabt (see build-wasm.sh), Node and npm. jco is installed into
# src/test/node_modules (gitignored) unless JCO names a jco command (e.g. JCO="npx --prefix /opt/jco jco").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
res="$here/resources"
out="$res/components"
mkdir -p "$out"
JCO_VERSION=1.35.0
if [ -z "${JCO:-}" ]; then
  if [ ! -x "$here/node_modules/.bin/jco" ]; then
    (cd "$here" && npm install --no-save --no-package-lock "@bytecodealliance/jco@$JCO_VERSION" >/dev/null)
  fi
  JCO="$here/node_modules/.bin/jco"
fi
CC="${CC:-clang}"
CFLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-function -Wno-unused-parameter
        -Wno-unused-result -fmacro-prefix-map="$here/c/conformance/=")
realloc="$here/c/component/cabi_realloc.c"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# wasm-ld wraps every export of a command but _start in calls of the constructors and destructors
# (so a call of cabi_realloc would run the destructors, flushing and closing stdio early): export the
# function itself instead of its wrapper. Needs wabt (wasm2wat, wat2wasm).
unwrap_realloc() { # unwrap_realloc MODULE.wasm (built without --strip-all)
  wasm2wat --enable-all "$1" -o "$1.wat"
  grep -q '(export "cabi_realloc" (func $cabi_realloc.command_export))' "$1.wat"
  sed -i 's/(export "cabi_realloc" (func $cabi_realloc.command_export))/(export "cabi_realloc" (func $cabi_realloc))/' "$1.wat"
  wat2wasm --enable-all "$1.wat" -o "$1"
}

adapt() { # adapt MODULE.wasm NAME
  $JCO new "$1" --wasi-command -o "$out/$2.component.wasm" >/dev/null
  echo "built $2.component.wasm"
}

for src in "$here"/c/conformance/*.c; do
  name="$(basename "$src" .c)"
  "$CC" "${CFLAGS[@]}" -o "$tmp/$name.wasm" "$src" "$realloc"
  unwrap_realloc "$tmp/$name.wasm"
  adapt "$tmp/$name.wasm" "$name"
done
for w in "$res"/conformance/*.wasm; do
  name="$(basename "$w" .wasm)"
  if [ ! -e "$here/c/conformance/$name.c" ] && [ "$name" != ztool ]; then
    adapt "$w" "$name" # written in WAT
  fi
done
# The limits program (ComponentLimitsTest).
"$CC" --target=wasm32-wasi --sysroot=/usr -O2 -Wall -o "$tmp/limits.wasm" "$here/c/limits/limits.c" "$realloc"
unwrap_realloc "$tmp/limits.wasm"
adapt "$tmp/limits.wasm" limits
z="$here/c/real/zlib"
ZFLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -w -DZ_HAVE_UNISTD_H -D_LARGEFILE64_SOURCE=1 -I"$z")
"$CC" "${ZFLAGS[@]}" -Dmain=minigzip_main -c -o "$tmp/minigzip.o" "$z/minigzip.c"
"$CC" "${ZFLAGS[@]}" -o "$tmp/ztool.wasm" "$tmp/minigzip.o" \
  "$z"/adler32.c "$z"/compress.c "$z"/crc32.c "$z"/deflate.c "$z"/gzclose.c "$z"/gzlib.c \
  "$z"/gzread.c "$z"/gzwrite.c "$z"/infback.c "$z"/inffast.c "$z"/inflate.c "$z"/inftrees.c \
  "$z"/trees.c "$z"/uncompr.c "$z"/zutil.c "$z"/ztool.c "$realloc"
unwrap_realloc "$tmp/ztool.wasm"
adapt "$tmp/ztool.wasm" ztool
for w in hello cpu bigio fsmeta; do
  "$CC" --target=wasm32-wasi --sysroot=/usr -O2 -o "$tmp/$w.wasm" "$res/bench/$w.c" "$realloc" -lm
  unwrap_realloc "$tmp/$w.wasm"
  cp "$tmp/$w.wasm" "$out/$w.core.wasm" # the same code as a module, for bench/components.py
  adapt "$tmp/$w.wasm" "$w"
done

for w in "$here"/wat/components/*.wat; do
  $JCO parse "$w" -o "$out/$(basename "$w" .wat).wasm" >/dev/null
  echo "built $(basename "$w" .wat).wasm"
done

# The examples: hello and notes as components too (the launcher's class-data training runs hello).
ex="$here/../../../examples"
for name in hello notes; do
  "$CC" --target=wasm32-wasi --sysroot=/usr -O2 -o "$tmp/ex-$name.wasm" "$ex/$name/$name.c" "$realloc"
  unwrap_realloc "$tmp/ex-$name.wasm"
  $JCO new "$tmp/ex-$name.wasm" --wasi-command -o "$ex/$name/$name.component.wasm" >/dev/null
  echo "built examples/$name/$name.component.wasm"
done

# tarbox-cli's tests run components too: its own C programs, and some of the above.
cli="$here/../../../tarbox-cli/src/test"
for src in "$cli"/c/*.c; do
  name="$(basename "$src" .c)"
  "$CC" --target=wasm32-wasi --sysroot=/usr -O2 -Wall -o "$tmp/$name.wasm" "$src" "$realloc"
  unwrap_realloc "$tmp/$name.wasm"
  $JCO new "$tmp/$name.wasm" --wasi-command -o "$cli/resources/wasm/$name.component.wasm" >/dev/null
  echo "built tarbox-cli $name.component.wasm"
done
for c in hello.component.wasm wasi-errors.wasm async-lift.wasm imports-sockets.wasm lift-without-realloc.wasm \
    wrong-import-type.wasm; do
  cp "$out/$c" "$cli/resources/wasm/$c"
done
