// Drives the control files of /.tarbox the way a program checkpoints itself: "control" reads the
// layer documents, takes a snapshot with layers/new, changes the tree, reads the old content
// through /.tarbox/snapshots/NAME, switches back with layers/switch, drops snapshots, reads the
// audit and usage documents, and checks the errno of every refusal. "absent" checks that there is
// no /.tarbox. Expects the tree empty and without snapshots, /data its root. Prints "ok <section>"
// per section and "PASS control: N checks"; the first mismatch prints "FAIL line: ..." and exits 1.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned checks;

static void fail(int line, const char *what, const char *detail) {
    printf("FAIL %d: %s%s%s\n", line, what, detail ? ": " : "", detail ? detail : "");
    fprintf(stderr, "FAIL %d: %s%s%s\n", line, what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

#define CHECK(cond) do { checks++; if (!(cond)) fail(__LINE__, #cond, NULL); } while (0)
#define CHECK_IN(text, part) do { checks++; if (!(text) || !strstr((text), (part))) fail(__LINE__, "missing " part, (text)); } while (0)
/* The call returned -1 (or NULL) with this errno. */
#define CHECK_ERRNO(call, e) do { checks++; errno = 0; long r_ = (long)(call); \
    if (r_ != -1 && r_ != 0) fail(__LINE__, #call " should fail with " #e, NULL); \
    if (errno != (e)) { char m_[64]; snprintf(m_, sizeof m_, "errno %d, expected %d", errno, (e)); fail(__LINE__, #call, m_); } } while (0)
/* An int expression has this value (a command's errno). */
#define CHECK_IS(expr, want) do { checks++; int g_ = (expr); if (g_ != (want)) { char m_[64]; \
    snprintf(m_, sizeof m_, "got %d, expected %d", g_, (want)); fail(__LINE__, #expr, m_); } } while (0)
#define SECTION(name) do { printf("ok %s\n", name); fflush(stdout); } while (0)

/* The whole file, or NULL with errno set. */
static char *slurp(const char *path) {
    static char buf[8][65536];
    static int next;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    char *out = buf[next++ % 8];
    size_t used = 0;
    ssize_t n;
    while ((n = read(fd, out + used, sizeof buf[0] - 1 - used)) > 0) used += n;
    int saved = errno;
    close(fd);
    if (n < 0) { errno = saved; return NULL; }
    out[used] = 0;
    return out;
}

static void put(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    CHECK(fputs(text, f) >= 0);
    CHECK(fclose(f) == 0);
}

/* As `echo NAME > FILE`: 0 when it worked, else the errno the write gave (seen at fclose). */
static int command(const char *file, const char *text) {
    FILE *f = fopen(file, "w");
    if (f == NULL) return errno;
    fputs(text, f);
    errno = 0;
    return fclose(f) == 0 ? 0 : errno;
}

/* The number after "\"KEY\":" in a JSON text, or -1. */
static long number(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *at = strstr(json, pattern);
    return at ? strtol(at + strlen(pattern), NULL, 10) : -1;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static int listed(const char *dir, const char *name) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)) != NULL) found |= strcmp(e->d_name, name) == 0;
    closedir(d);
    return found;
}

static void control(void) {
    CHECK(listed("/.tarbox", "layers") && listed("/.tarbox", "snapshots") && listed("/.tarbox", "audit")
          && listed("/.tarbox", "stats"));
    CHECK(listed("/.tarbox/layers", "current") && listed("/.tarbox/layers", "new"));
    char *current = slurp("/.tarbox/layers/current");
    CHECK_IN(current, "\"state\":\"current\"");
    CHECK_IN(current, "\"names\":[]");
    long base = number(current, "id");
    CHECK(base > 0);
    struct stat st;
    CHECK(stat("/.tarbox/layers/current", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == (off_t)strlen(current));
    char *list = slurp("/.tarbox/layers/list");
    CHECK(list && list[0] == '[');
    CHECK_IN(list, "\"state\":\"current\"");
    SECTION("read layers");

    put("/data/keep.txt", "v1");
    put("/data/gone.txt", "bye");
    CHECK_IS(command("/.tarbox/layers/new", "cp1\n"), 0);
    current = slurp("/.tarbox/layers/current");
    CHECK(number(current, "id") != base);
    CHECK(number(current, "parent") == base);
    CHECK_IN(slurp("/.tarbox/layers/list"), "\"names\":[\"cp1\"]");
    char *tree = slurp("/.tarbox/layers/tree");
    CHECK(tree && strncmp(tree, "[{\"layers\":[{", 13) == 0); // one branch: base, then the current layer
    CHECK(number(strstr(tree, "},{") ? strstr(tree, "},{") + 2 : "", "id") == number(current, "id"));
    CHECK_IN(tree, "\"cp1\"");
    CHECK(listed("/.tarbox/snapshots", "cp1"));
    SECTION("checkpoint");

    put("/data/keep.txt", "v2, changed");
    CHECK(unlink("/data/gone.txt") == 0);
    put("/data/new.txt", "new");
    CHECK(strcmp(slurp("/.tarbox/snapshots/cp1/keep.txt"), "v1") == 0);
    CHECK(strcmp(slurp("/.tarbox/snapshots/cp1/gone.txt"), "bye") == 0);
    CHECK_ERRNO(slurp("/.tarbox/snapshots/cp1/new.txt"), ENOENT);
    CHECK(listed("/.tarbox/snapshots/cp1", "gone.txt") && !listed("/.tarbox/snapshots/cp1", "new.txt"));
    CHECK(strcmp(slurp("/data/keep.txt"), "v2, changed") == 0);
    SECTION("snapshot view");

    CHECK_ERRNO(open("/.tarbox/snapshots/cp1/keep.txt", O_WRONLY | O_TRUNC), EROFS);
    CHECK_ERRNO(open("/.tarbox/snapshots/cp1/other.txt", O_WRONLY | O_CREAT, 0644), EROFS);
    CHECK_ERRNO(mkdir("/.tarbox/snapshots/cp1/d", 0755), EROFS);
    CHECK_ERRNO(unlink("/.tarbox/snapshots/cp1/keep.txt"), EROFS);
    CHECK_ERRNO(rename("/.tarbox/snapshots/cp1/keep.txt", "/.tarbox/snapshots/cp1/k2"), EROFS);
    int fd = open("/.tarbox/snapshots/cp1/keep.txt", O_WRONLY);
    CHECK(fd >= 0);
    CHECK_ERRNO(write(fd, "x", 1), EROFS);
    close(fd);
    CHECK_ERRNO(mkdir("/.tarbox/mine", 0755), EROFS);
    CHECK_ERRNO(open("/.tarbox/layers/current", O_WRONLY | O_TRUNC), EROFS);
    fd = open("/.tarbox/layers/current", O_WRONLY); // as in a snapshot: the write is refused
    CHECK(fd >= 0);
    CHECK_ERRNO(write(fd, "x", 1), EROFS);
    close(fd);
    CHECK_ERRNO(slurp("/.tarbox/layers/new"), EACCES);
    CHECK(strcmp(slurp("/.tarbox/snapshots/cp1/keep.txt"), "v1") == 0);
    SECTION("read-only");

    CHECK_IS(command("/.tarbox/layers/switch", "cp1"), 0);
    CHECK(strcmp(slurp("/data/keep.txt"), "v1") == 0);
    CHECK(strcmp(slurp("/data/gone.txt"), "bye") == 0);
    CHECK_ERRNO(slurp("/data/new.txt"), ENOENT);
    CHECK(listed("/.tarbox/snapshots", "cp1"));
    SECTION("switch");

    CHECK_IS(command("/.tarbox/layers/new", "bad name"), EINVAL);
    CHECK_IS(command("/.tarbox/layers/new", " \n"), EINVAL);
    CHECK_IS(command("/.tarbox/layers/new", ".hidden"), EINVAL);
    CHECK_IS(command("/.tarbox/layers/new", "cp1"), EEXIST);
    CHECK_IS(command("/.tarbox/layers/switch", "nope"), ENOENT);
    CHECK_IS(command("/.tarbox/layers/drop", "nope"), ENOENT);
    fd = open("/.tarbox/layers/new", O_WRONLY);
    CHECK(fd >= 0);
    CHECK_ERRNO(write(fd, "a/b", 3), EINVAL);
    CHECK_ERRNO(write(fd, "", 0), EINVAL); // an empty name (stdio never writes 0 bytes; write(2) can)
    close(fd);
    CHECK(!exists("/.tarbox/snapshots/nope"));
    SECTION("errors");

    put("/data/second.txt", "2");
    CHECK_IS(command("/.tarbox/layers/new", "cp2\n"), 0);
    put("/data/second.txt", "3");
    CHECK_IS(command("/.tarbox/layers/drop", "cp1"), 0); // cp2 is built on it: only the name goes
    CHECK(!exists("/.tarbox/snapshots/cp1") && !listed("/.tarbox/snapshots", "cp1"));
    CHECK(strcmp(slurp("/.tarbox/snapshots/cp2/second.txt"), "2") == 0);
    CHECK(strcmp(slurp("/.tarbox/snapshots/cp2/keep.txt"), "v1") == 0); // from cp1's layer, below cp2's
    CHECK(strcmp(slurp("/.tarbox/snapshots/cp2/gone.txt"), "bye") == 0);
    CHECK_ERRNO(slurp("/.tarbox/snapshots/cp2/new.txt"), ENOENT);
    CHECK_IS(command("/.tarbox/layers/drop", "cp1"), ENOENT);
    CHECK_IS(command("/.tarbox/layers/drop", "cp2\n"), 0);
    CHECK(!exists("/.tarbox/snapshots/cp2") && !listed("/.tarbox/snapshots", "cp2"));
    CHECK(strcmp(slurp("/data/second.txt"), "3") == 0); // dropping a name leaves the tree alone
    CHECK(strcmp(slurp("/data/keep.txt"), "v1") == 0);
    CHECK_IN(slurp("/.tarbox/layers/current"), "\"state\":\"current\"");
    SECTION("drop");

    char *audit = slurp("/.tarbox/audit/recent");
    CHECK_IN(audit, "\"op\":\"path_unlink_file\",\"path\":\"/data/gone.txt\"");
    CHECK_IN(audit, "\"path\":\"/data/keep.txt\"");
    CHECK(audit[strlen(audit) - 1] == '\n');
    char *usage = slurp("/.tarbox/stats/usage");
    CHECK(number(usage, "storedBytes") > 0);
    CHECK_IN(usage, "\"quotaBytes\":null");
    CHECK(number(usage, "snapshots") == 0);
    CHECK(number(usage, "layers") >= 1);
    SECTION("audit and usage");
}

/* No /.tarbox: opening in it fails as in any path no preopen covers (wasi-libc: ENOTCAPABLE). */
static void absent(void) {
    CHECK(open("/nowhere/file", O_RDONLY) == -1);
    int missing = errno;
    CHECK(missing == ENOENT || missing == ENOTCAPABLE);
    CHECK_ERRNO(open("/.tarbox/layers/current", O_RDONLY), missing);
    CHECK(!exists("/.tarbox") && !exists("/.tarbox/layers"));
    put("/data/plain.txt", "still works");
    SECTION("absent");
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "control";
    if (strcmp(mode, "absent") == 0) absent();
    else control();
    printf("PASS control: %u checks\n", checks);
    return 0;
}
