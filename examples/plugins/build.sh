#!/usr/bin/env bash
# Rebuilds the example plugins from C. Needs clang with the wasm32 target and wasi-libc
# (Debian: clang lld wasi-libc). The built .wasm files are committed, so this is only needed
# after a change to a .c file.
set -euo pipefail
cd "$(dirname "$0")"
SYSROOT=${WASI_SYSROOT:-/usr}
for dir in wordcount replace; do
  # A reactor: no _start; _initialize runs C constructors and the host calls it first.
  clang --target=wasm32-wasi --sysroot="$SYSROOT" -O2 -mexec-model=reactor -Iinclude \
    -Wall -Wextra -Werror -Wl,--strip-all -o "$dir/$dir.wasm" "$dir/$dir.c"
  echo "built $dir/$dir.wasm ($(wc -c < "$dir/$dir.wasm") bytes)"
done
