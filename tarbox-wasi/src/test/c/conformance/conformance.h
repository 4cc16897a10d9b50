/*
 * Shared checking helpers for the Tarbox WASI conformance programs.
 *
 * Every program takes the guest path of a writable, initially EMPTY preopen as argv[1]
 * (default "/data"), finds that preopen's descriptor through fd_prestat_get /
 * fd_prestat_dir_name, and runs its checks against the raw wasi_snapshot_preview1 API.
 * The first mismatch prints "FAIL file:line: expected X got Y (expression)" to stderr and
 * stdout and exits 1. A passing program prints "ok <section>" per section and finally
 * "PASS <program>: N checks" and exits 0.
 *
 * Expected values are wasmtime's behaviour (its crates/test-programs preview1_* tests are
 * the reference). Where Node's WASI (uvwasi) is known to answer differently, the check is
 * wrapped in `if (!peer_skips("node", "why"))`: with CONFORMANCE_PEER=node in the environment
 * it is skipped and reported as "skip ...", everywhere else it runs.
 */
#ifndef TARBOX_CONFORMANCE_H
#define TARBOX_CONFORMANCE_H

#include <wasi/api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *conf_program = "conformance";
static unsigned conf_checks = 0;
static unsigned conf_skipped = 0;
static unsigned conf_failed = 0;

static const char *const conf_errno_names[] = {
    "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY",
    "BADF", "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET",
    "DEADLK", "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM",
    "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK",
    "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE", "NOBUFS",
    "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC",
    "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY",
    "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE",
    "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
};

static const char *conf_errno_name(unsigned e) {
    return e < sizeof conf_errno_names / sizeof conf_errno_names[0] ? conf_errno_names[e] : "?";
}

/* Stops at the first failure, unless CONFORMANCE_KEEP_GOING is set (for surveying a new host). */
static void conf_fail(const char *file, int line, const char *msg) {
    fflush(stdout);
    fprintf(stderr, "FAIL %s:%d: %s\n", file, line, msg);
    printf("FAIL %s:%d: %s\n", file, line, msg);
    fflush(stdout);
    conf_failed++;
    if (getenv("CONFORMANCE_KEEP_GOING") == NULL) exit(1);
}

static void conf_check_errno(const char *file, int line, const char *expr, unsigned got,
                             unsigned want1, unsigned want2) {
    conf_checks++;
    if (got == want1 || got == want2) return;
    char msg[512];
    if (want1 == want2)
        snprintf(msg, sizeof msg, "expected %s(%u) got %s(%u) from %s", conf_errno_name(want1),
                 want1, conf_errno_name(got), got, expr);
    else
        snprintf(msg, sizeof msg, "expected %s(%u) or %s(%u) got %s(%u) from %s",
                 conf_errno_name(want1), want1, conf_errno_name(want2), want2,
                 conf_errno_name(got), got, expr);
    conf_fail(file, line, msg);
}

static void conf_check_eq(const char *file, int line, const char *a, const char *b,
                          uint64_t got, uint64_t want) {
    conf_checks++;
    if (got == want) return;
    char msg[512];
    snprintf(msg, sizeof msg, "expected %s == %llu got %llu (%s)", a, (unsigned long long)want,
             (unsigned long long)got, b);
    conf_fail(file, line, msg);
}

static void conf_check_true(const char *file, int line, const char *expr, int ok) {
    conf_checks++;
    if (ok) return;
    char msg[512];
    snprintf(msg, sizeof msg, "expected true got false: %s", expr);
    conf_fail(file, line, msg);
}

static void conf_check_mem(const char *file, int line, const char *expr, const void *got,
                           const void *want, size_t len) {
    conf_checks++;
    if (memcmp(got, want, len) == 0) return;
    char msg[512];
    snprintf(msg, sizeof msg, "expected bytes \"%.*s\" got \"%.*s\" (%s)", (int)(len > 60 ? 60 : len),
             (const char *)want, (int)(len > 60 ? 60 : len), (const char *)got, expr);
    conf_fail(file, line, msg);
}

/* The call succeeds. */
#define CHECK_OK(expr) conf_check_errno(__FILE__, __LINE__, #expr, (expr), 0, 0)
/* The call fails with exactly this errno (e.g. __WASI_ERRNO_NOENT). */
#define CHECK_ERRNO(expr, e) conf_check_errno(__FILE__, __LINE__, #expr, (expr), (e), (e))
/* The call fails with one of two errnos that wasmtime's own tests accept. */
#define CHECK_ERRNO2(expr, e1, e2) conf_check_errno(__FILE__, __LINE__, #expr, (expr), (e1), (e2))
/* The call is refused because it would leave the preopen: wasmtime says PERM, uvwasi NOTCAPABLE. */
#define CHECK_ESCAPE(expr) CHECK_ERRNO2(expr, __WASI_ERRNO_PERM, __WASI_ERRNO_NOTCAPABLE)
#define CHECK_EQ(got, want) conf_check_eq(__FILE__, __LINE__, #got, #want, (uint64_t)(got), (uint64_t)(want))
#define CHECK(cond) conf_check_true(__FILE__, __LINE__, #cond, (cond) ? 1 : 0)
#define CHECK_MEM(got, want, len) conf_check_mem(__FILE__, __LINE__, #got, (got), (want), (len))

/* True (and reported) when this run is on the named peer runtime, whose deviation is documented. */
#define peer_skips(peer, why) conf_peer_skips(__FILE__, __LINE__, (peer), (why))
static int conf_peer_skips(const char *file, int line, const char *peer, const char *why) {
    const char *p = getenv("CONFORMANCE_PEER");
    if (p == NULL || strcmp(p, peer) != 0) return 0;
    conf_skipped++;
    printf("skip %s:%d on %s: %s\n", file, line, peer, why);
    return 1;
}

#define RUN(fn, ...) do { fn(__VA_ARGS__); printf("ok %s\n", #fn); fflush(stdout); } while (0)

static int conf_done(void) {
    if (conf_failed) {
        printf("FAILED %s: %u of %u checks\n", conf_program, conf_failed, conf_checks);
        return 1;
    }
    if (conf_skipped)
        printf("PASS %s: %u checks, %u skipped on peer %s\n", conf_program, conf_checks,
               conf_skipped, getenv("CONFORMANCE_PEER"));
    else
        printf("PASS %s: %u checks\n", conf_program, conf_checks);
    return 0;
}

/* Rights a program asks for; hosts intersect them with what the directory may hand out. */
#define RIGHTS_FILE                                                                              \
    (__WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK |                 \
     __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_TELL |         \
     __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE |              \
     __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |                        \
     __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_POLL_FD_READWRITE)
#define RIGHTS_READ_ONLY                                                                         \
    (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |                     \
     __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_POLL_FD_READWRITE)
/* wasmtime's rights of a directory descriptor plus PATH_FILESTAT_SET_SIZE, which uvwasi requires
   for path_open with TRUNC (uvwasi refuses to hand out more than the parent has). */
#define RIGHTS_DIR                                                                               \
    (__WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_CREATE_FILE |                      \
     __WASI_RIGHTS_PATH_LINK_SOURCE | __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN |  \
     __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_READLINK | __WASI_RIGHTS_PATH_RENAME_SOURCE |  \
     __WASI_RIGHTS_PATH_RENAME_TARGET | __WASI_RIGHTS_PATH_SYMLINK |                             \
     __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_UNLINK_FILE |                      \
     __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES |                   \
     __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE |                                                      \
     __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES)
#define RIGHTS_DIR_INHERITING (RIGHTS_DIR | RIGHTS_FILE)

/* Finds the preopened directory named argv[1] (default "/data"). */
static __wasi_fd_t conf_init(const char *program, int argc, char **argv) {
    conf_program = program;
    const char *want = argc > 1 ? argv[1] : "/data";
    for (__wasi_fd_t fd = 3;; fd++) {
        __wasi_prestat_t pre;
        __wasi_errno_t e = __wasi_fd_prestat_get(fd, &pre);
        if (e == __WASI_ERRNO_BADF) break;
        if (e != 0 || pre.tag != __WASI_PREOPENTYPE_DIR) continue;
        char name[256];
        size_t len = pre.u.dir.pr_name_len;
        if (len >= sizeof name) continue;
        if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len) != 0) continue;
        name[len] = 0;
        if (strcmp(name, want) == 0) return fd;
    }
    printf("FAIL %s: no preopen named %s\n", program, want);
    fprintf(stderr, "FAIL %s: no preopen named %s\n", program, want);
    exit(1);
}

static __wasi_fd_t open_file(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                             __wasi_rights_t rights, __wasi_fdflags_t fdflags) {
    __wasi_fd_t fd = (__wasi_fd_t)-1;
    conf_check_errno(__FILE__, __LINE__, path,
                     __wasi_path_open(dir, 0, path, oflags, rights, 0, fdflags, &fd), 0, 0);
    return fd;
}

static __wasi_fd_t open_dir(__wasi_fd_t dir, const char *path) {
    __wasi_fd_t fd = (__wasi_fd_t)-1;
    conf_check_errno(__FILE__, __LINE__, path,
                     __wasi_path_open(dir, 0, path, __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR,
                                      RIGHTS_DIR_INHERITING, 0, &fd), 0, 0);
    return fd;
}

static size_t write_all(__wasi_fd_t fd, const void *data, size_t len) {
    __wasi_ciovec_t iov = {(const uint8_t *)data, len};
    __wasi_size_t n = 0;
    conf_check_errno(__FILE__, __LINE__, "fd_write", __wasi_fd_write(fd, &iov, 1, &n), 0, 0);
    return n;
}

static size_t read_some(__wasi_fd_t fd, void *buf, size_t cap) {
    __wasi_iovec_t iov = {(uint8_t *)buf, cap};
    __wasi_size_t n = 0;
    conf_check_errno(__FILE__, __LINE__, "fd_read", __wasi_fd_read(fd, &iov, 1, &n), 0, 0);
    return n;
}

/* Creates (or truncates) a file holding exactly `text`. */
static void write_file(__wasi_fd_t dir, const char *path, const char *text) {
    __wasi_fd_t fd = open_file(dir, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE, 0);
    conf_check_eq(__FILE__, __LINE__, path, "written", write_all(fd, text, strlen(text)), strlen(text));
    conf_check_errno(__FILE__, __LINE__, "fd_close", __wasi_fd_close(fd), 0, 0);
}

static void create_file(__wasi_fd_t dir, const char *path) { write_file(dir, path, ""); }

/* Reads a whole file (up to cap-1 bytes) into buf as a C string; returns its length. */
static size_t read_file(__wasi_fd_t dir, const char *path, char *buf, size_t cap) {
    __wasi_fd_t fd = open_file(dir, path, 0, RIGHTS_READ_ONLY, 0);
    size_t total = 0, n;
    while (total + 1 < cap && (n = read_some(fd, buf + total, cap - 1 - total)) > 0) total += n;
    buf[total] = 0;
    conf_check_errno(__FILE__, __LINE__, "fd_close", __wasi_fd_close(fd), 0, 0);
    return total;
}

static __wasi_filestat_t stat_path(__wasi_fd_t dir, __wasi_lookupflags_t flags, const char *path) {
    __wasi_filestat_t st;
    memset(&st, 0, sizeof st);
    conf_check_errno(__FILE__, __LINE__, path, __wasi_path_filestat_get(dir, flags, path, &st), 0, 0);
    return st;
}

static int path_exists(__wasi_fd_t dir, const char *path) {
    __wasi_filestat_t st;
    return __wasi_path_filestat_get(dir, 0, path, &st) == 0;
}

#endif
