/*
 * The test program of concurrent appends (tarbox-cli's ConcurrentRunsTest): appends COUNT numbered
 * lines to FILE with O_APPEND, as a log writer does, while other runs append to the same file.
 *
 *   append FILE COUNT WRITER reopen [GO]   open, write one line, close: once per line
 *   append FILE COUNT WRITER open [GO]     open once, write every line, close
 *
 * With GO, the program first prints "ready" and waits until the file GO exists, so that a test can
 * start several writers at the same moment.
 *
 * Line i of writer W is "W:i:" followed by a filler that makes lines of different lengths, then
 * "\n". Any failed call prints it and exits 1; otherwise exit 0.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int open_log(const char *file) {
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) {
        perror(file);
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: append FILE COUNT WRITER reopen|open [GO]\n");
        return 2;
    }
    const char *file = argv[1];
    long count = atol(argv[2]);
    const char *writer = argv[3];
    int reopen = strcmp(argv[4], "reopen") == 0;
    if (argc > 5) {
        printf("ready\n");
        fflush(stdout);
        while (access(argv[5], F_OK) != 0) {
            usleep(2000);
        }
    }
    int fd = reopen ? -1 : open_log(file);
    char line[160];
    for (long i = 0; i < count; i++) {
        int filler = (int) (i * 7 % 50);
        int n = snprintf(line, sizeof line, "%s:%ld:%.*s\n", writer, i, filler,
                "..................................................");
        if (reopen) {
            fd = open_log(file);
        }
        if (write(fd, line, (size_t) n) != n) {
            perror("write");
            return 1;
        }
        if (reopen && close(fd) != 0) {
            perror("close");
            return 1;
        }
    }
    if (!reopen && close(fd) != 0) {
        perror("close");
        return 1;
    }
    return 0;
}
