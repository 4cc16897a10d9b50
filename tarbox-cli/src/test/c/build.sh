#!/usr/bin/env bash
# Rebuilds the test programs of tarbox-cli written for `tarbox test` into src/test/resources/wasm/.
# The built .wasm files are committed (CI has no C toolchain); run this after changing a source.
# Needs Debian's clang, lld and wasi-libc (see tarbox-wasi/src/test/build-wasm.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../resources/wasm"
for name in casetool; do
  "${CC:-clang}" --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-all \
    -o "$out/$name.wasm" "$here/$name.c"
  echo "built $name.wasm"
done
