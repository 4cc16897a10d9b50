// Lists the directory argv[1] with fd_readdir through a small buffer, so the listing takes many
// calls, each resuming at the cookie (d_next) of the last whole entry; prints "NAME COOKIE" per
// entry. The cookies are the runtime's to choose: the test reads what they reveal.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fputs("usage: cookies DIR\n", stderr);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    uint8_t buf[80];
    __wasi_dircookie_t cookie = 0;
    for (;;) {
        __wasi_size_t used;
        if (__wasi_fd_readdir(fd, buf, sizeof buf, cookie, &used) != 0) {
            puts("fd_readdir failed");
            return 1;
        }
        size_t off = 0;
        int whole = 0;
        while (off + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + off, sizeof d);
            if (off + sizeof d + d.d_namlen > used) {
                break; // cut short: the next call starts again from the last whole entry
            }
            printf("%.*s %llu\n", (int) d.d_namlen, (char *) (buf + off + sizeof d), (unsigned long long) d.d_next);
            cookie = d.d_next;
            off += sizeof d + d.d_namlen;
            whole++;
        }
        if (used < sizeof buf) {
            return 0; // the end of the directory
        }
        if (whole == 0) {
            puts("an entry is larger than the buffer");
            return 1;
        }
    }
}
