/*
 * fd_seek_tell: fd_seek with SET/CUR/END, seeking past EOF (allowed, then a write leaves a
 * zero-filled hole), before 0 (INVAL), invalid whence (INVAL), fd_tell after reads, writes and
 * append-mode writes, and seeking a directory (BADF, as in wasmtime's preview1_directory_seek).
 * Port of wasmtime preview1_file_seek_tell + preview1_directory_seek.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS fd_seek_tell".
 */
#include "conformance.h"

static void test_seek_tell(__wasi_fd_t dir) {
    __wasi_fd_t fd = open_file(dir, "file", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    __wasi_filesize_t off = 99;
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 0);
    char zeros[100];
    memset(zeros, 0, sizeof zeros);
    CHECK_EQ(write_all(fd, zeros, 100), 100);
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 100);
    CHECK_OK(__wasi_fd_seek(fd, -50, __WASI_WHENCE_CUR, &off));
    CHECK_EQ(off, 50);
    CHECK_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &off));
    CHECK_EQ(off, 0);
    CHECK_OK(__wasi_fd_seek(fd, -10, __WASI_WHENCE_END, &off));
    CHECK_EQ(off, 90);
    CHECK_OK(__wasi_fd_seek(fd, 1000, __WASI_WHENCE_CUR, &off)); /* past EOF is allowed */
    CHECK_EQ(off, 1090);
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 1090);
    CHECK_ERRNO(__wasi_fd_seek(fd, -2000, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_INVAL);
    CHECK_ERRNO(__wasi_fd_seek(fd, -1, __WASI_WHENCE_SET, &off), __WASI_ERRNO_INVAL);
    CHECK_ERRNO(__wasi_fd_seek(fd, -101, __WASI_WHENCE_END, &off), __WASI_ERRNO_INVAL);
    CHECK_ERRNO(__wasi_fd_seek(fd, 0, 3, &off), __WASI_ERRNO_INVAL); /* no such whence */
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 1090); /* failed seeks do not move the offset */
    /* A write past EOF extends the file; the gap reads as zeros. */
    CHECK_OK(__wasi_fd_seek(fd, 200, __WASI_WHENCE_SET, &off));
    CHECK_EQ(write_all(fd, "end", 3), 3);
    __wasi_filestat_t st;
    CHECK_OK(__wasi_fd_filestat_get(fd, &st));
    CHECK_EQ(st.size, 203);
    CHECK_OK(__wasi_fd_seek(fd, 150, __WASI_WHENCE_SET, &off));
    char buf[60];
    memset(buf, 'x', sizeof buf);
    CHECK_EQ(read_some(fd, buf, 50), 50);
    CHECK_MEM(buf, zeros, 50);
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 200);
    CHECK_EQ(read_some(fd, buf, sizeof buf), 3);
    CHECK_MEM(buf, "end", 3);
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 203);
    CHECK_EQ(read_some(fd, buf, sizeof buf), 0);
    CHECK_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &off));
    CHECK_EQ(off, 203);
    CHECK_OK(__wasi_fd_close(fd));
}

static void test_append_mode(__wasi_fd_t dir) {
    write_file(dir, "log", "0123456789");
    __wasi_fd_t fd = open_file(dir, "log", 0, RIGHTS_FILE, __WASI_FDFLAGS_APPEND);
    __wasi_filesize_t off;
    CHECK_OK(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &off));
    CHECK_EQ(write_all(fd, "ab", 2), 2); /* appends despite the seek */
    CHECK_OK(__wasi_fd_tell(fd, &off));
    CHECK_EQ(off, 12);
    char buf[32];
    CHECK_EQ(read_file(dir, "log", buf, sizeof buf), 12);
    CHECK_MEM(buf, "0123456789ab", 12);
    CHECK_OK(__wasi_fd_close(fd));
}

static void test_unseekable(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "dir"));
    __wasi_fd_t d = open_dir(dir, "dir");
    __wasi_filesize_t off;
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE (no FD_SEEK right) for a directory"))
        CHECK_ERRNO(__wasi_fd_seek(d, 0, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_BADF);
    CHECK_OK(__wasi_fd_close(d));
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE (no FD_SEEK right) for the preopen"))
        CHECK_ERRNO(__wasi_fd_seek(dir, 0, __WASI_WHENCE_SET, &off), __WASI_ERRNO_BADF);
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("fd_seek_tell", argc, argv);
    RUN(test_seek_tell, dir);
    RUN(test_append_mode, dir);
    RUN(test_unseekable, dir);
    return conf_done();
}
