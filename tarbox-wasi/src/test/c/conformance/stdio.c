/*
 * stdio: reads all of stdin with fd_read (the runner's text, then EOF with 0 bytes), writes to
 * stdout and stderr, fdstat of fds 0-2, the wrong direction (read stdout, write stdin: BADF),
 * positioning stdio (fd_seek / fd_tell: SPIPE), poll_oneoff on stdin and stdout (ready), and
 * closing stderr (later writes: BADF). Port of wasmtime preview1_stdio and
 * preview1_stdio_not_isatty.
 *
 * Runner: args ["/data"], stdin "hello stdin\nsecond line\n", writable preopen /data.
 * Expected: exit 0, stdout contains "echo: hello stdin|second line|" and "PASS stdio",
 * stderr contains "to stderr".
 */
#include "conformance.h"

static void test_stdin(void) {
    char buf[256];
    size_t total = 0;
    for (;;) {
        __wasi_iovec_t iov = {(uint8_t *)buf + total, sizeof buf - 1 - total};
        __wasi_size_t n = 0;
        CHECK_OK(__wasi_fd_read(0, &iov, 1, &n));
        if (n == 0) break;
        total += n;
        if (total >= sizeof buf - 1) break;
    }
    buf[total] = 0;
    CHECK_EQ(total, 24);
    CHECK(strcmp(buf, "hello stdin\nsecond line\n") == 0);
    /* EOF stays EOF. */
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t n = 7;
    CHECK_OK(__wasi_fd_read(0, &iov, 1, &n));
    CHECK_EQ(n, 0);
    for (size_t i = 0; i < total; i++)
        if (buf[i] == '\n') buf[i] = '|';
    char line[300];
    int len = snprintf(line, sizeof line, "echo: %s\n", buf);
    /* Raw write so the bytes reach stdout before anything else of ours. */
    fflush(stdout);
    __wasi_ciovec_t out = {(const uint8_t *)line, (size_t)len};
    CHECK_OK(__wasi_fd_write(1, &out, 1, &n));
    CHECK_EQ(n, (size_t)len);
}

static void test_stdout_stderr(void) {
    const char *msg = "to stderr\n";
    __wasi_ciovec_t iov[2] = {{(const uint8_t *)"to ", 3}, {(const uint8_t *)"stderr\n", 7}};
    __wasi_size_t n = 0, total = 0;
    CHECK_OK(__wasi_fd_write(2, iov, 2, &n));
    total = n;
    if (n == 3) { /* a host may stop after the first iovec */
        CHECK_OK(__wasi_fd_write(2, &iov[1], 1, &n));
        total += n;
    }
    CHECK_EQ(total, strlen(msg));
    /* fdstat: not a directory or a file; the right direction. */
    for (__wasi_fd_t fd = 0; fd < 3; fd++) {
        __wasi_fdstat_t st;
        CHECK_OK(__wasi_fd_fdstat_get(fd, &st));
        CHECK(st.fs_filetype != __WASI_FILETYPE_DIRECTORY);
        CHECK((st.fs_rights_base & (fd == 0 ? __WASI_RIGHTS_FD_READ : __WASI_RIGHTS_FD_WRITE)) != 0);
    }
}

static void test_wrong_direction_and_seek(void) {
    char c;
    __wasi_iovec_t iov = {(uint8_t *)&c, 1};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    __wasi_filesize_t off;
    if (!peer_skips("node", "uvwasi's answers for wrong-direction stdio I/O depend on what stdio is")) {
        CHECK_ERRNO(__wasi_fd_read(1, &iov, 1, &n), __WASI_ERRNO_BADF);
        CHECK_ERRNO(__wasi_fd_write(0, &ciov, 1, &n), __WASI_ERRNO_BADF);
    }
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE or seeks, depending on what stdio is")) {
        CHECK_ERRNO(__wasi_fd_seek(0, 0, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_SPIPE);
        CHECK_ERRNO(__wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &off), __WASI_ERRNO_SPIPE);
        CHECK_ERRNO(__wasi_fd_tell(1, &off), __WASI_ERRNO_SPIPE);
    }
}

static void test_poll(void) {
    __wasi_subscription_t subs[2];
    memset(subs, 0, sizeof subs);
    subs[0].userdata = 10;
    subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[0].u.u.fd_read.file_descriptor = 0;
    subs[1].userdata = 11;
    subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    subs[1].u.u.fd_write.file_descriptor = 1;
    __wasi_event_t ev[2];
    __wasi_size_t n = 0;
    /* Both are ready at once: stdin is at EOF, stdout accepts writes. */
    int seen10 = 0, seen11 = 0;
    for (int round = 0; round < 5 && !(seen10 && seen11); round++) {
        CHECK_OK(__wasi_poll_oneoff(seen10 ? &subs[1] : subs, ev, seen10 ? 1 : 2, &n));
        for (__wasi_size_t i = 0; i < n; i++) {
            CHECK_EQ(ev[i].error, 0);
            if (ev[i].userdata == 10) seen10 = 1;
            if (ev[i].userdata == 11) seen11 = 1;
        }
    }
    CHECK(seen10 && seen11);
}

static void test_close_stderr(void) {
    CHECK_OK(__wasi_fd_close(2));
    __wasi_ciovec_t ciov = {(const uint8_t *)"lost\n", 5};
    __wasi_size_t n;
    CHECK_ERRNO(__wasi_fd_write(2, &ciov, 1, &n), __WASI_ERRNO_BADF);
    CHECK_ERRNO(__wasi_fd_close(2), __WASI_ERRNO_BADF);
}

int main(int argc, char **argv) {
    conf_init("stdio", argc, argv);
    RUN(test_stdin);
    RUN(test_stdout_stderr);
    RUN(test_wrong_direction_and_seek);
    RUN(test_poll);
    RUN(test_close_stderr);
    return conf_done();
}
