/*
 * trap: a WebAssembly trap (unreachable) ends the program as a trap, not as an exit code the
 * program chose; output written before the trap is kept.
 *
 * Runner: no arguments, no preopen. Expected: "trap" (the tarbox CLI exits 134 with
 * "wasm trap: ..." on stderr), stdout "before trap".
 */
#include <wasi/api.h>

int main(void) {
    __wasi_ciovec_t iov = {(const uint8_t *)"before trap\n", 12};
    __wasi_size_t n;
    (void)__wasi_fd_write(1, &iov, 1, &n);
    __builtin_trap();
}
