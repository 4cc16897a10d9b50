#!/bin/sh
# Rebuilds smallreads.wasm (Debian's clang, lld, wasi-libc, libclang-rt-14-dev-wasm32).
set -e
cd "$(dirname "$0")"
clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wl,--strip-all -o smallreads.wasm smallreads.c
