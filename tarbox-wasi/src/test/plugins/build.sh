#!/usr/bin/env bash
# Rebuilds the test plugins into ../resources/plugins. WAT needs wat2wasm (Debian: wabt), C needs
# clang with wasi-libc. The built .wasm files are committed; run this after changing a source.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")"
OUT=../resources/plugins
mkdir -p "$OUT"
for wat in *.wat; do
  wat2wasm -o "$OUT/${wat%.wat}.wasm" "$wat"
done
for c in *.c; do
  clang --target=wasm32-wasi --sysroot="${WASI_SYSROOT:-/usr}" -O2 -mexec-model=reactor \
    -I../../../../examples/plugins/include -Wall -Wextra -Werror -Wl,--strip-all \
    -o "$OUT/${c%.c}.wasm" "$c"
done
ls "$OUT"
