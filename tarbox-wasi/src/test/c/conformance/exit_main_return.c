/*
 * exit_main_return: returning 7 from main becomes exit code 7 (wasi-libc calls proc_exit(7)
 * after flushing stdio, so buffered printf output is not lost).
 *
 * Runner: no arguments, no preopen. Expected: exit 7, stdout "buffered output kept".
 */
#include <stdio.h>

int main(void) {
    printf("buffered output kept\n"); /* not flushed by hand */
    return 7;
}
