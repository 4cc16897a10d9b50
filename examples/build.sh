#!/usr/bin/env bash
# Rebuilds the example programs' .wasm from their C sources.
# Needs Debian's clang and wasi-libc: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
set -euo pipefail
cd "$(dirname "$0")"
for src in hello/hello.c notes/notes.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all -o "${src%.c}.wasm" "$src"
done
if [ -x plugins/build.sh ]; then plugins/build.sh; fi
# hello.component.wasm and notes.component.wasm (WASI 0.2 components of the same programs) are built
# by tarbox-wasi/src/test/build-components.sh, which needs Node and jco as well.
