/*
 * exit_42: proc_exit(42) ends the program at once with exit code 42; output written before is
 * kept, code after the call never runs.
 *
 * Runner: no arguments needed, no preopen. Expected: exit 42, stdout "before exit", stdout
 * without "after exit".
 */
#include <wasi/api.h>

int main(void) {
    __wasi_ciovec_t iov = {(const uint8_t *)"before exit\n", 12};
    __wasi_size_t n;
    if (__wasi_fd_write(1, &iov, 1, &n) != 0) return 1;
    __wasi_proc_exit(42);
    /* not reached */
}
