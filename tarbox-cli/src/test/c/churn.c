/*
 * The test program of concurrent creates and deletes (tarbox-cli's ConcurrentRunsTest): creates
 * COUNT files DIR/n0 ... DIR/n<COUNT-1>, then deletes them, ROUNDS times, while other runs do the
 * same with the same names. Another run may have created a name first (the open still succeeds)
 * or deleted it first (unlink fails with ENOENT): both are expected. Any other failure is counted;
 * the program prints "failures: N" and exits 0 only if there was none.
 *
 *   churn DIR COUNT ROUNDS [GO]
 *
 * With GO, the program first prints "ready" and waits until the file GO exists, so that a test can
 * start several runs at the same moment.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: churn DIR COUNT ROUNDS [GO]\n");
        return 2;
    }
    const char *dir = argv[1];
    int count = atoi(argv[2]);
    int rounds = atoi(argv[3]);
    char path[512];
    long failures = 0;
    if (argc > 4) {
        printf("ready\n");
        fflush(stdout);
        while (access(argv[4], F_OK) != 0) {
            usleep(2000);
        }
    }
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < count; i++) {
            snprintf(path, sizeof path, "%s/n%d", dir, i);
            int fd = open(path, O_WRONLY | O_CREAT, 0644);
            if (fd < 0) {
                if (failures++ < 5) perror(path);
                continue;
            }
            close(fd);
        }
        for (int i = 0; i < count; i++) {
            snprintf(path, sizeof path, "%s/n%d", dir, i);
            if (unlink(path) != 0 && errno != ENOENT) {
                if (failures++ < 5) perror(path);
            }
        }
    }
    printf("failures: %ld\n", failures);
    return failures == 0 ? 0 : 1;
}
