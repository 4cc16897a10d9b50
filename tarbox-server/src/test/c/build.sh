#!/bin/sh
# Rebuilds the test programs of tarbox-server (CI uses the committed .wasm files and needs no toolchain).
# Needs Debian's clang, lld and wasi-libc (or wasi-sdk).
set -e
cd "$(dirname "$0")"
for c in *.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wl,--strip-all -o "../resources/wasm/$(basename "$c" .c).wasm" "$c"
done
