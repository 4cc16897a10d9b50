/*
 * One test program per limit of `tarbox run` (docs/limits.md), chosen by argv[1]. Every mode but
 * "count" first writes DIR/before.txt and fsyncs it (so a test can check that what was committed
 * before the limit survives), then writes DIR/pending.txt without fsync (committed at the end of
 * the run, as after a trap), then runs into its limit.
 *
 *   memory DIR   allocate 1 MiB blocks until malloc fails; report and exit 1
 *   spin DIR     loop forever
 *   fuel DIR     loop forever, writing the iteration count every 1000 iterations
 *   count N      run N iterations of the fuel loop's body, then exit 0
 *   flood DIR    write lines to stdout forever
 *   fill DIR     write 64 KiB blocks to DIR/fill.bin until a write fails; report the errno
 *   bigfile DIR  write 1000-byte blocks to DIR/big.bin until a write fails, then try to grow it
 *                with ftruncate; report both errnos
 *   files DIR [MAX]  open DIR/f0, DIR/f1, ... (keeping them open) until an open fails; report it
 *                (with MAX: stop after MAX files and report "opened MAX files")
 *
 * Reports go to stdout, one line: "<what> after <n>: <errno name>".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[512];

static const char *errname(int e) {
    switch (e) {
    case ENOSPC: return "ENOSPC";
    case EFBIG: return "EFBIG";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case EDQUOT: return "EDQUOT";
    default: return strerror(e);
    }
}

static void say(const char *text) {
    size_t n = strlen(text);
    while (n > 0) {
        ssize_t w = write(1, text, n);
        if (w <= 0) exit(3);
        text += w;
        n -= (size_t) w;
    }
}

static void write_file(const char *dir, const char *name, const char *text, int sync) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text) || (sync && fsync(fd) != 0)) {
        perror(path);
        exit(2);
    }
    close(fd);
}

static void before(const char *dir) {
    write_file(dir, "before.txt", "committed before the limit\n", 1);
    write_file(dir, "pending.txt", "written before the limit, not synced\n", 0);
}

static volatile unsigned long counter;
/* The allocated blocks, chained, so the compiler cannot drop the allocations. */
static void *volatile blocks;

static void fuel_step(unsigned long i) {
    counter += i;
    if (i % 1000 == 0) {
        char line[32];
        snprintf(line, sizeof line, "%lu\n", i);
        say(line);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: limits MODE DIR|N\n");
        return 2;
    }
    const char *mode = argv[1];
    const char *dir = argv[2];
    char line[256];
    if (strcmp(mode, "count") == 0) {
        unsigned long n = strtoul(argv[2], NULL, 10);
        for (unsigned long i = 1; i <= n; i++) fuel_step(i);
        return 0;
    }
    before(dir);
    if (strcmp(mode, "memory") == 0) {
        unsigned long mib = 0;
        for (;;) {
            char *block = malloc(1 << 20);
            if (block == NULL) break;
            memset(block, 1, 1 << 20);
            *(void **) block = blocks;
            blocks = block;
            mib++;
        }
        snprintf(line, sizeof line, "malloc failed after %lu MiB\n", mib);
        say(line);
        return 1;
    } else if (strcmp(mode, "spin") == 0) {
        for (;;) counter++;
    } else if (strcmp(mode, "fuel") == 0) {
        for (unsigned long i = 1;; i++) fuel_step(i);
    } else if (strcmp(mode, "flood") == 0) {
        for (;;) say("flood flood flood flood flood flood flood flood flood flood flood flood\n");
    } else if (strcmp(mode, "fill") == 0 || strcmp(mode, "bigfile") == 0) {
        int fill = strcmp(mode, "fill") == 0;
        size_t block = fill ? 65536 : 1000;
        static char data[65536];
        for (size_t i = 0; i < sizeof data; i++) data[i] = (char) ('a' + (i * 7 + i / 251) % 26);
        snprintf(path, sizeof path, "%s/%s", dir, fill ? "fill.bin" : "big.bin");
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            perror(path);
            return 2;
        }
        unsigned long long total = 0;
        int error = 0;
        for (;;) {
            ssize_t w = write(fd, data, block);
            if (w < 0) {
                error = errno;
                break;
            }
            total += (unsigned long long) w;
            if (fill && total % (1 << 20) == 0 && fsync(fd) != 0) {
                error = errno;
                break;
            }
        }
        snprintf(line, sizeof line, "write failed after %llu bytes: %s\n", total, errname(error));
        say(line);
        if (!fill) {
            int r = ftruncate(fd, (off_t) total + 1);
            snprintf(line, sizeof line, "ftruncate to %llu: %s\n", total + 1, r == 0 ? "ok" : errname(errno));
            say(line);
        }
        close(fd);
        return 0;
    } else if (strcmp(mode, "files") == 0) {
        int max = argc > 3 ? atoi(argv[3]) : -1;
        int n = 0;
        for (;; n++) {
            if (n == max) {
                snprintf(line, sizeof line, "opened %d files\n", n);
                say(line);
                return 0;
            }
            snprintf(path, sizeof path, "%s/f%d", dir, n);
            if (open(path, O_WRONLY | O_CREAT, 0644) < 0) break;
        }
        snprintf(line, sizeof line, "open failed after %d files: %s\n", n, errname(errno));
        say(line);
        return 0;
    }
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
}
