#!/bin/sh
# Rebuilds the test programs of tarbox-wasi (CI uses the committed .wasm files and needs no toolchain).
# Needs Debian's clang, lld, wasi-libc and libclang-rt-14-dev-wasm32 (or wasi-sdk), and wabt for .wat.
set -e
cd "$(dirname "$0")"
res=../resources
for c in host/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/host/$(basename "$c" .c).wasm" "$c"
done
for c in audit/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/audit/$(basename "$c" .c).wasm" "$c"
done
for c in diskfull/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/diskfull/$(basename "$c" .c).wasm" "$c"
done
# tarbox-cli's tests run the full-disk program too.
cp "$res/diskfull/diskfull.wasm" ../../../../tarbox-cli/src/test/resources/wasm/diskfull.wasm
for c in quota/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/quota/$(basename "$c" .c).wasm" "$c"
done
for c in cookies/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/cookies/$(basename "$c" .c).wasm" "$c"
done
for c in cache/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wl,--strip-all \
    -o "$res/cache/$(basename "$c" .c).wasm" "$c"
done
# The tail-call module is WAT that a script writes (one function of 40,000 instructions).
python3 cache/tailcall.py > "$res/cache/tailcall.wat"
wat2wasm --enable-tail-call -o "$res/cache/tailcall.wasm" "$res/cache/tailcall.wat"
rm "$res/cache/tailcall.wat"
for c in trace/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/trace/$(basename "$c" .c).wasm" "$c"
done
for c in control/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wno-unused-result -Wl,--strip-all \
    -o "$res/control/$(basename "$c" .c).wasm" "$c"
done
# tarbox-cli's tests run the control program too.
cp "$res/control/control.wasm" ../../../../tarbox-cli/src/test/resources/wasm/control.wasm
for w in ../wat/*.wat; do
  wat2wasm -o "$res/wat/$(basename "$w" .wat).wasm" "$w"
done
for c in limits/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wl,--strip-all \
    -o "$res/limits/$(basename "$c" .c).wasm" "$c"
done
# tarbox-cli's tests run the limits program too.
cp "$res/limits/limits.wasm" ../../../../tarbox-cli/src/test/resources/wasm/limits.wasm
# tarbox-cli's tests run the memory-size modules too.
cp "$res/wat/memory-4gib.wasm" "$res/wat/memory-2gib-grow.wasm" ../../../../tarbox-cli/src/test/resources/wasm/
# tarbox-cli's own test programs (atomic and ephemeral runs).
for c in ../../../../tarbox-cli/src/test/c/*.c; do
  clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wl,--strip-all \
    -o "../../../../tarbox-cli/src/test/resources/wasm/$(basename "$c" .c).wasm" "$c"
done
