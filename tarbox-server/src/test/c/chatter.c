/* A program run on the server by ServerRunTest: prints a line every 20 ms (sleeping through
 * poll_oneoff) until it is stopped, without flushing: with stdout a terminal the C library sends
 * each line as it is printed, otherwise a kilobyte at a time. A client that stops reading must
 * stop it; if nothing does, it gives up after about a minute and exits 1. */
#include <stdio.h>
#include <time.h>

int main(void) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 3000; i++) {
        printf("tick %d\n", i);
        nanosleep(&pause, NULL);
    }
    return 1;
}
