/*
 * The test program of `tarbox run --atomic` and `--ephemeral` (tarbox-cli's AtomicRunTest): changes
 * a directory in every way a run can, commits the changes with fsync, says so, then ends as argv[1]
 * asks. DIR must hold a.txt, b.txt and c.txt.
 *
 *   changes ok DIR     exit 0
 *   changes fail DIR   exit 1
 *   changes trap DIR   trap (unreachable)
 *   changes spin DIR   loop forever (for --timeout, and for a test that kills the process)
 *   changes wait DIR   exit 0 once a line arrives on stdin (for a test that changes the tree meanwhile)
 *
 * The changes: a.txt rewritten, b.txt deleted, c.txt renamed to c-renamed.txt, new/ created with
 * new.txt in it. Then "changed" on stdout.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[512];
static char other[512];
static volatile unsigned long counter;

static const char *at(char *buffer, const char *dir, const char *name) {
    snprintf(buffer, sizeof path, "%s/%s", dir, name);
    return buffer;
}

static void check(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(2);
    }
}

static void write_synced(const char *file, const char *text) {
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    check(fd >= 0, file);
    check(write(fd, text, strlen(text)) == (ssize_t) strlen(text), file);
    check(fsync(fd) == 0, file);
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: changes ok|fail|trap|spin|wait DIR\n");
        return 2;
    }
    const char *mode = argv[1];
    const char *dir = argv[2];
    write_synced(at(path, dir, "a.txt"), "rewritten by the run\n");
    check(unlink(at(path, dir, "b.txt")) == 0, path);
    check(rename(at(path, dir, "c.txt"), at(other, dir, "c-renamed.txt")) == 0, path);
    check(mkdir(at(path, dir, "new"), 0755) == 0, path);
    write_synced(at(path, dir, "new/new.txt"), "made by the run\n");
    check(write(1, "changed\n", 8) == 8, "stdout");

    if (strcmp(mode, "ok") == 0) return 0;
    if (strcmp(mode, "fail") == 0) return 1;
    if (strcmp(mode, "trap") == 0) __builtin_trap();
    if (strcmp(mode, "spin") == 0) for (;;) counter++;
    if (strcmp(mode, "wait") == 0) {
        char c;
        return read(0, &c, 1) == 1 ? 0 : 3;
    }
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
}
