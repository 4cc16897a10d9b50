/* A few file calls for the trace test (TraceTest): create and write, a missing file, a rename. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int fd = open("/data/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, "hello\n", 6) != 6 || close(fd) != 0) {
        return 2;
    }
    if (open("/data/missing.txt", O_RDONLY) >= 0) {
        return 3;
    }
    if (rename("/data/out.txt", "/data/renamed.txt") != 0) {
        return 4;
    }
    printf("done\n");
    return 0;
}
