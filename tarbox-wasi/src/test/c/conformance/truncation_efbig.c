/*
 * truncation_efbig: O_TRUNC and fd_filestat_set_size truncation keep the descriptor offset and
 * zero-fill a later write past the new end; sizes and offsets at the 2^63 limit: writing at
 * offset 2^63-1 is FBIG, a size or write offset of 2^63 or more is FBIG or INVAL (a signed
 * 64-bit offset cannot hold it), seeking beyond 2^63-1 is INVAL; the file is unchanged after
 * each refusal. Port of wasmtime preview1_file_truncation plus the limits of Linux files.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS truncation_efbig".
 */
#include "conformance.h"

#define I64_MAX 0x7fffffffffffffffull

static void test_truncation(__wasi_fd_t dir) {
    write_file(dir, "file", "0123456789");
    __wasi_fd_t keep = open_file(dir, "file", 0, RIGHTS_FILE, 0);
    char buf[32];
    CHECK_EQ(read_some(keep, buf, 4), 4);
    /* Another open with TRUNC empties the file under the first descriptor. */
    __wasi_fd_t t = open_file(dir, "file", __WASI_OFLAGS_TRUNC, RIGHTS_FILE, 0);
    __wasi_filestat_t st;
    CHECK_OK(__wasi_fd_filestat_get(keep, &st));
    CHECK_EQ(st.size, 0);
    CHECK_EQ(read_some(keep, buf, sizeof buf), 0);
    /* The first descriptor's offset is still 4: a write there leaves a zero-filled gap. */
    __wasi_filesize_t off;
    CHECK_OK(__wasi_fd_tell(keep, &off));
    CHECK_EQ(off, 4);
    write_all(keep, "ab", 2);
    CHECK_EQ(read_file(dir, "file", buf, sizeof buf), 6);
    CHECK_MEM(buf, "\0\0\0\0ab", 6);
    CHECK_OK(__wasi_fd_close(t));
    CHECK_OK(__wasi_fd_close(keep));
}

static void test_limits(__wasi_fd_t dir) {
    write_file(dir, "big", "base");
    __wasi_fd_t fd = open_file(dir, "big", 0, RIGHTS_FILE, 0);
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    __wasi_size_t n = 0;
    if (!peer_skips("node", "uvwasi answers INVAL for a write at offset 2^63-1"))
        CHECK_ERRNO(__wasi_fd_pwrite(fd, &iov, 1, I64_MAX, &n), __WASI_ERRNO_FBIG);
    CHECK_ERRNO2(__wasi_fd_pwrite(fd, &iov, 1, I64_MAX + 1, &n), __WASI_ERRNO_FBIG, __WASI_ERRNO_INVAL);
    CHECK_ERRNO2(__wasi_fd_pwrite(fd, &iov, 1, UINT64_MAX, &n), __WASI_ERRNO_FBIG, __WASI_ERRNO_INVAL);
    CHECK_ERRNO2(__wasi_fd_filestat_set_size(fd, I64_MAX + 1), __WASI_ERRNO_FBIG, __WASI_ERRNO_INVAL);
    CHECK_ERRNO2(__wasi_fd_filestat_set_size(fd, UINT64_MAX), __WASI_ERRNO_FBIG, __WASI_ERRNO_INVAL);
    /* Seeking to the last representable offset works; writing there is FBIG. */
    __wasi_filesize_t off;
    if (!peer_skips("node", "uvwasi seeks with lseek(2), which refuses offsets past the host filesystem's limit")) {
        CHECK_OK(__wasi_fd_seek(fd, (__wasi_filedelta_t)I64_MAX, __WASI_WHENCE_SET, &off));
        CHECK_EQ(off, I64_MAX);
        CHECK_ERRNO(__wasi_fd_write(fd, &iov, 1, &n), __WASI_ERRNO_FBIG);
        CHECK_ERRNO(__wasi_fd_seek(fd, 1, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_INVAL); /* overflow */
        CHECK_OK(__wasi_fd_tell(fd, &off));
        CHECK_EQ(off, I64_MAX);
    }
    /* Nothing of that changed the file. */
    __wasi_filestat_t st;
    CHECK_OK(__wasi_fd_filestat_get(fd, &st));
    CHECK_EQ(st.size, 4);
    char buf[8];
    CHECK_EQ(read_file(dir, "big", buf, sizeof buf), 4);
    CHECK_MEM(buf, "base", 4);
    /* A modest sparse size works and reads back as zeros at the end. */
    CHECK_OK(__wasi_fd_filestat_set_size(fd, 1 << 20));
    __wasi_iovec_t riov = {(uint8_t *)buf, sizeof buf};
    CHECK_OK(__wasi_fd_pread(fd, &riov, 1, (1 << 20) - 8, &n));
    CHECK_EQ(n, 8);
    CHECK_MEM(buf, "\0\0\0\0\0\0\0\0", 8);
    CHECK_OK(__wasi_fd_close(fd));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("truncation_efbig", argc, argv);
    RUN(test_truncation, dir);
    RUN(test_limits, dir);
    return conf_done();
}
