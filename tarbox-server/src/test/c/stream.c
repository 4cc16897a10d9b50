/* A program run on the server by ServerRunTest to show that its output is streamed: it prints a
 * line on stdout and one on stderr, then waits (sleeping through poll_oneoff) until the test
 * creates /data/go, which the test does only once it has read the first line of the response.
 * Then it prints what /data/go holds and exits 0. It gives up after about a minute (exit 1), so a
 * server that holds the output back fails the test instead of hanging it. */
#include <stdio.h>
#include <time.h>

int main(void) {
    printf("started\n");
    fflush(stdout); /* stdout is not a terminal: wasi-libc buffers it (after the first line) */
    fprintf(stderr, "waiting for /data/go\n");
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 3000; i++) {
        FILE *go = fopen("/data/go", "r");
        if (go) {
            char line[256];
            if (fgets(line, sizeof line, go)) {
                printf("go: %s", line);
            }
            fclose(go);
            return 0;
        }
        nanosleep(&pause, NULL);
    }
    printf("gave up waiting for /data/go\n");
    return 1;
}
