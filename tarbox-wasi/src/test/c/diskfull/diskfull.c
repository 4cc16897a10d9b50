/*
 * diskfull: what a program does on a full disk (DiskFullTest, tarbox-cli's DiskFullCliTest).
 * Writes and syncs /data/keep.txt, then fills /data/fill.bin until a write fails and prints that
 * errno's name; then deletes fill.bin and writes and syncs /data/after.txt. Exit 0 when the write
 * failed with ENOSPC and everything after it worked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char block[64 * 1024];

static int write_file(const char *path, const char *text, int size) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("open %s: %s\n", path, strerror(errno));
        return 1;
    }
    int n = (int)strlen(text);
    for (int done = 0; done < size; done += n) {
        if (write(fd, text, n) != n) {
            printf("write %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        printf("fsync %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(void) {
    if (write_file("/data/keep.txt", "kept across the full disk\n", 26)) {
        return 1;
    }
    memset(block, 'x', sizeof block);
    for (int i = 0; i < (int)sizeof block; i += 61) {
        block[i] = (char)('a' + i % 26); /* not one repeated chunk: the store keeps identical chunks once */
    }
    int fd = open("/data/fill.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("open fill.bin: %s\n", strerror(errno));
        return 1;
    }
    long written = 0;
    int err = 0;
    for (long i = 0; i < 1000000; i++) {
        block[0] = (char)i;
        block[1] = (char)(i >> 8);
        block[2] = (char)(i >> 16);
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block || fsync(fd) != 0) {
            err = errno;
            break;
        }
        written += sizeof block;
    }
    printf("fill: %s after %ld bytes\n", err == ENOSPC ? "ENOSPC" : strerror(err), written > 0 ? 1L : 0L);
    close(fd);
    if (unlink("/data/fill.bin") != 0) {
        printf("unlink: %s\n", strerror(errno));
        return 1;
    }
    if (write_file("/data/after.txt", "written after freeing space\n", 28 * 100)) {
        return 1;
    }
    printf("after: ok\n");
    return err == ENOSPC ? 0 : 2;
}
