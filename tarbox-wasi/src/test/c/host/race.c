/*
 * The guest side of HostDirRaceTest: repeats one path operation through /data/d while a host
 * thread swaps d between a real directory (holding "inner") and a symlink to a directory outside
 * the preopen (holding "canary", "link" and the empty "victim"). Nothing named canary, link or
 * victim exists inside the preopen, so any success on those names is an escape; the host checks
 * the outside directory too.
 *
 * usage: race OP ITERATIONS
 * prints: "escapes N" (operations that reached outside), "inside N" (that went through the real
 * directory), "refused N" (that failed, as when d was the symlink).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int escapes, inside, refused;

static void outcome(int escaped, int ok) {
    if (escaped) {
        escapes++;
    } else if (ok) {
        inside++;
    } else {
        refused++;
    }
}

static void op_read(void) {
    char buf[16] = {0};
    int fd = open("/data/d/canary", O_RDONLY);
    if (fd >= 0) {
        read(fd, buf, sizeof buf - 1);
        close(fd);
        outcome(1, 1);
        return;
    }
    fd = open("/data/d/inner", O_RDONLY);
    if (fd >= 0) {
        read(fd, buf, sizeof buf - 1);
        close(fd);
    }
    outcome(strstr(buf, "CANARY") != NULL, fd >= 0);
}

static void op_write(void) {
    int fd = open("/data/d/canary", O_WRONLY | O_TRUNC);
    if (fd >= 0) {
        write(fd, "OWNED", 5);
        close(fd);
        outcome(1, 1);
        return;
    }
    fd = open("/data/d/created", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        write(fd, "new", 3);
        close(fd);
        unlink("/data/d/created");
    }
    outcome(0, fd >= 0);
}

static void op_stat(void) {
    struct stat st;
    if (stat("/data/d/canary", &st) == 0 || lstat("/data/d/link", &st) == 0) {
        outcome(1, 1);
        return;
    }
    outcome(0, stat("/data/d/inner", &st) == 0);
}

static void op_readdir(void) {
    DIR *dir = opendir("/data/d");
    if (dir == NULL) {
        outcome(0, 0);
        return;
    }
    int escaped = 0, seen_inner = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, "canary") == 0 || strcmp(e->d_name, "victim") == 0) {
            escaped = 1;
        }
        if (strcmp(e->d_name, "inner") == 0) {
            seen_inner = 1;
        }
    }
    closedir(dir);
    outcome(escaped, seen_inner);
}

static void op_mkdir(void) {
    rmdir("/data/d/made"); /* left by an earlier round whose rmdir met the symlink */
    outcome(0, mkdir("/data/d/made", 0755) == 0);
}

static void op_rename(void) {
    if (rename("/data/d/canary", "/data/d/moved") == 0) {
        outcome(1, 1);
        return;
    }
    rename("/data/d/inner2", "/data/d/inner");
    outcome(0, rename("/data/d/inner", "/data/d/inner2") == 0);
}

static void op_link(void) {
    if (link("/data/d/canary", "/data/d/hard") == 0) {
        outcome(1, 1);
        return;
    }
    unlink("/data/d/inner-link");
    outcome(0, link("/data/d/inner", "/data/d/inner-link") == 0);
}

static void op_symlink(void) {
    unlink("/data/d/sym");
    outcome(0, symlink("anything", "/data/d/sym") == 0);
}

static void op_readlink(void) {
    char buf[256];
    if (readlink("/data/d/link", buf, sizeof buf) >= 0) {
        outcome(1, 1);
        return;
    }
    outcome(0, access("/data/d/inner", F_OK) == 0);
}

static void op_unlink(void) {
    if (unlink("/data/d/canary") == 0 || unlink("/data/d/link") == 0) {
        outcome(1, 1);
        return;
    }
    int fd = open("/data/d/gone", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
        close(fd);
    }
    outcome(0, unlink("/data/d/gone") == 0);
}

static void op_rmdir(void) {
    if (rmdir("/data/d/victim") == 0) {
        outcome(1, 1);
        return;
    }
    mkdir("/data/d/empty", 0755);
    outcome(0, rmdir("/data/d/empty") == 0);
}

static void op_times(void) {
    struct timespec times[2] = {{1, 0}, {1, 0}};
    if (utimensat(AT_FDCWD, "/data/d/canary", times, 0) == 0
            || utimensat(AT_FDCWD, "/data/d/link", times, AT_SYMLINK_NOFOLLOW) == 0) {
        outcome(1, 1);
        return;
    }
    outcome(0, utimensat(AT_FDCWD, "/data/d/inner", NULL, 0) == 0);
}

static void op_truncate(void) {
    if (truncate("/data/d/canary", 0) == 0) {
        outcome(1, 1);
        return;
    }
    outcome(0, truncate("/data/d/inner", 6) == 0);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: race OP ITERATIONS\n");
        return 2;
    }
    struct {
        const char *name;
        void (*run)(void);
    } ops[] = {
        {"read", op_read},       {"write", op_write},     {"stat", op_stat},     {"readdir", op_readdir},
        {"mkdir", op_mkdir},     {"rename", op_rename},   {"link", op_link},     {"symlink", op_symlink},
        {"readlink", op_readlink}, {"unlink", op_unlink}, {"rmdir", op_rmdir},   {"times", op_times},
        {"truncate", op_truncate},
    };
    void (*run)(void) = NULL;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(ops[i].name, argv[1]) == 0) {
            run = ops[i].run;
        }
    }
    if (run == NULL) {
        fprintf(stderr, "unknown operation %s\n", argv[1]);
        return 2;
    }
    int iterations = atoi(argv[2]);
    for (int i = 0; i < iterations; i++) {
        run();
    }
    printf("escapes %d\ninside %d\nrefused %d\n", escapes, inside, refused);
    return 0;
}
