#!/usr/bin/env bash
# Rebuilds every conformance WebAssembly module into src/test/resources/conformance/.
# The built .wasm files are committed (CI has no C toolchain); run this after changing a source.
#
# Needs Debian's clang (14), lld, wasi-libc, libclang-rt-14-dev-wasm32 and wabt (wat2wasm):
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/resources/conformance"
mkdir -p "$out"
CC="${CC:-clang}"
CFLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wno-unused-function
        -Wno-unused-parameter -Wl,--strip-all -fmacro-prefix-map="$here/c/conformance/=")

for src in "$here"/c/conformance/*.c; do
  name="$(basename "$src" .c)"
  "$CC" "${CFLAGS[@]}" -o "$out/$name.wasm" "$src"
  echo "built $name.wasm"
done

for src in "$here"/wat/conformance/*.wat; do
  name="$(basename "$src" .wat)"
  wat2wasm --enable-all -o "$out/$name.wasm" "$src"
  echo "built $name.wasm"
done

# The real program: zlib 1.2.13 and its minigzip (unchanged; its main renamed at compile time),
# driven by ztool.c. See c/real/zlib/README.md.
z="$here/c/real/zlib"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ZFLAGS=(--target=wasm32-wasi --sysroot=/usr -O2 -w -DZ_HAVE_UNISTD_H -D_LARGEFILE64_SOURCE=1 -I"$z")
"$CC" "${ZFLAGS[@]}" -Dmain=minigzip_main -c -o "$tmp/minigzip.o" "$z/minigzip.c"
"$CC" "${ZFLAGS[@]}" -Wl,--strip-all -o "$out/ztool.wasm" "$tmp/minigzip.o" \
  "$z"/adler32.c "$z"/compress.c "$z"/crc32.c "$z"/deflate.c "$z"/gzclose.c "$z"/gzlib.c \
  "$z"/gzread.c "$z"/gzwrite.c "$z"/infback.c "$z"/inffast.c "$z"/inflate.c "$z"/inftrees.c \
  "$z"/trees.c "$z"/uncompr.c "$z"/zutil.c "$z"/ztool.c
echo "built ztool.wasm"
