/*
 * proc_sched_sock: sched_yield succeeds; the socket calls (sock_accept, sock_recv, sock_send,
 * sock_shutdown) answer NOTSOCK for descriptors that are not sockets (files, directories,
 * stdio) and BADF for unknown ones, as wasmtime's preview1 host does.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS proc_sched_sock".
 */
#include "conformance.h"

static void test_sched_yield(void) {
    for (int i = 0; i < 100; i++) CHECK_OK(__wasi_sched_yield());
}

static void check_not_socket(__wasi_fd_t fd) {
    char buf[8];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    __wasi_roflags_t ro;
    __wasi_fd_t out;
    CHECK_ERRNO(__wasi_sock_accept(fd, 0, &out), __WASI_ERRNO_NOTSOCK);
    CHECK_ERRNO(__wasi_sock_recv(fd, &iov, 1, 0, &n, &ro), __WASI_ERRNO_NOTSOCK);
    CHECK_ERRNO(__wasi_sock_send(fd, &ciov, 1, 0, &n), __WASI_ERRNO_NOTSOCK);
    CHECK_ERRNO(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
}

static void test_sockets(__wasi_fd_t dir) {
    __wasi_fd_t f = open_file(dir, "file", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE/NOTSUP for files, and sock_* on stdout crashes Node 20 (SIGSEGV)")) {
        check_not_socket(f);
        check_not_socket(dir);
        check_not_socket(1);
    }
    CHECK_OK(__wasi_fd_close(f));
    char buf[8];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
    __wasi_size_t n;
    __wasi_roflags_t ro;
    __wasi_fd_t out;
    CHECK_ERRNO(__wasi_sock_accept(999, 0, &out), __WASI_ERRNO_BADF);
    CHECK_ERRNO(__wasi_sock_recv(999, &iov, 1, 0, &n, &ro), __WASI_ERRNO_BADF);
    CHECK_ERRNO(__wasi_sock_send(999, &ciov, 1, 0, &n), __WASI_ERRNO_BADF);
    CHECK_ERRNO(__wasi_sock_shutdown(999, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("proc_sched_sock", argc, argv);
    RUN(test_sched_yield);
    RUN(test_sockets, dir);
    return conf_done();
}
