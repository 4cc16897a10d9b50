/*
 * fd_flags_rights: fd_fdstat_get (filetype, flags, rights of preopen, directory, file, stdio),
 * read-only / write-only / read-write opens (wasmtime preview1_path_open_read_write),
 * fd_fdstat_set_flags (APPEND on and off, SYNC family INVAL, directory BADF;
 * wasmtime preview1_fd_flags_set), fd_fdstat_set_rights (accepted on a valid fd).
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS fd_flags_rights".
 */
#include "conformance.h"

static void test_fdstat_kinds(__wasi_fd_t dir) {
    __wasi_fdstat_t st;
    CHECK_OK(__wasi_fd_fdstat_get(dir, &st));
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    if (!peer_skips("node", "uvwasi reports host open flags (0x8000) in a preopen's fs_flags"))
        CHECK_EQ(st.fs_flags, 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_PATH_OPEN) != 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_READDIR) != 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_PATH_CREATE_FILE) != 0);
    CHECK((st.fs_rights_inheriting & __WASI_RIGHTS_FD_READ) != 0);
    CHECK((st.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE) != 0);
    CHECK_OK(__wasi_path_create_directory(dir, "sub"));
    __wasi_fd_t d = open_dir(dir, "sub");
    CHECK_OK(__wasi_fd_fdstat_get(d, &st));
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_OK(__wasi_fd_close(d));
    /* stdin reads, stdout and stderr write. */
    CHECK_OK(__wasi_fd_fdstat_get(0, &st));
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0);
    CHECK_OK(__wasi_fd_fdstat_get(1, &st));
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    CHECK(st.fs_filetype != __WASI_FILETYPE_DIRECTORY && st.fs_filetype != __WASI_FILETYPE_REGULAR_FILE);
    CHECK_OK(__wasi_fd_fdstat_get(2, &st));
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
}

static void test_read_write_modes(__wasi_fd_t dir) {
    create_file(dir, "file");
    char buf[100];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    char w1[50], w2[25];
    memset(w1, 1, sizeof w1);
    memset(w2, 2, sizeof w2);
    __wasi_ciovec_t c1 = {(const uint8_t *)w1, sizeof w1}, c2 = {(const uint8_t *)w2, sizeof w2};
    __wasi_size_t n;
    __wasi_fdstat_t st;

    __wasi_fd_t ro = open_file(dir, "file", 0, __WASI_RIGHTS_FD_READ, 0);
    CHECK_OK(__wasi_fd_fdstat_get(ro, &st));
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) == 0);
    CHECK_OK(__wasi_fd_read(ro, &iov, 1, &n));
    CHECK_EQ(n, 0);
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE for writing a read-only descriptor"))
        CHECK_ERRNO2(__wasi_fd_write(ro, &c1, 1, &n), __WASI_ERRNO_BADF, __WASI_ERRNO_PERM);
    CHECK_OK(__wasi_fd_close(ro));

    __wasi_fd_t wo = open_file(dir, "file", 0, __WASI_RIGHTS_FD_WRITE, 0);
    CHECK_OK(__wasi_fd_fdstat_get(wo, &st));
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_READ) == 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_READDIR) == 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE for reading a write-only descriptor"))
        CHECK_ERRNO2(__wasi_fd_read(wo, &iov, 1, &n), __WASI_ERRNO_BADF, __WASI_ERRNO_PERM);
    CHECK_OK(__wasi_fd_write(wo, &c1, 1, &n));
    CHECK_EQ(n, 50);
    CHECK_OK(__wasi_fd_close(wo));

    __wasi_fd_t rw = open_file(dir, "file", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE |
                                                  __WASI_RIGHTS_FD_FILESTAT_GET, 0);
    CHECK_OK(__wasi_fd_fdstat_get(rw, &st));
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0);
    CHECK((st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    CHECK_OK(__wasi_fd_read(rw, &iov, 1, &n));
    CHECK_EQ(n, 50);
    CHECK_OK(__wasi_fd_write(rw, &c2, 1, &n));
    CHECK_EQ(n, 25);
    __wasi_filestat_t fst;
    CHECK_OK(__wasi_fd_filestat_get(rw, &fst));
    CHECK_EQ(fst.size, 75);
    CHECK_OK(__wasi_fd_close(rw));
}

static void test_set_flags(__wasi_fd_t dir) {
    write_file(dir, "flags", "0123456789");
    __wasi_fd_t fd = open_file(dir, "flags", 0, RIGHTS_FILE, 0);
    __wasi_fdstat_t st;
    CHECK_OK(__wasi_fd_fdstat_get(fd, &st));
    CHECK_EQ(st.fs_flags & __WASI_FDFLAGS_APPEND, 0);
    CHECK_EQ(write_all(fd, "ab", 2), 2); /* overwrites at 0 */
    CHECK_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    CHECK_OK(__wasi_fd_fdstat_get(fd, &st));
    if (!peer_skips("node", "uvwasi's fd_fdstat_get does not report APPEND"))
        CHECK_EQ(st.fs_flags & __WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_APPEND);
    __wasi_filesize_t off;
    CHECK_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &off));
    CHECK_EQ(write_all(fd, "cd", 2), 2); /* appends */
    CHECK_OK(__wasi_fd_fdstat_set_flags(fd, 0));
    CHECK_OK(__wasi_fd_fdstat_get(fd, &st));
    CHECK_EQ(st.fs_flags & __WASI_FDFLAGS_APPEND, 0);
    CHECK_OK(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &off));
    CHECK_EQ(write_all(fd, "EF", 2), 2); /* back to positional */
    char buf[32];
    CHECK_EQ(read_file(dir, "flags", buf, sizeof buf), 12);
    CHECK_MEM(buf, "abEF456789cd", 12);
    /* Opening with APPEND reports it in fdstat. */
    __wasi_fd_t ap = open_file(dir, "flags", 0, RIGHTS_FILE, __WASI_FDFLAGS_APPEND);
    CHECK_OK(__wasi_fd_fdstat_get(ap, &st));
    if (!peer_skips("node", "uvwasi's fd_fdstat_get does not report APPEND"))
        CHECK_EQ(st.fs_flags & __WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_APPEND);
    CHECK_OK(__wasi_fd_close(ap));
    /* wasmtime only lets APPEND and NONBLOCK change: the sync flags are INVAL. */
    if (!peer_skips("node", "uvwasi accepts the SYNC fdflags in fd_fdstat_set_flags")) {
        CHECK_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC), __WASI_ERRNO_INVAL);
        CHECK_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_DSYNC), __WASI_ERRNO_INVAL);
        CHECK_ERRNO(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_RSYNC), __WASI_ERRNO_INVAL);
    }
    CHECK_OK(__wasi_fd_close(fd));
    if (!peer_skips("node", "uvwasi accepts fd_fdstat_set_flags on a directory"))
        CHECK_ERRNO(__wasi_fd_fdstat_set_flags(dir, __WASI_FDFLAGS_APPEND), __WASI_ERRNO_BADF);
}

static void test_set_rights(__wasi_fd_t dir) {
    __wasi_fd_t fd = open_file(dir, "rights", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    __wasi_fdstat_t st;
    CHECK_OK(__wasi_fd_fdstat_get(fd, &st));
    /* Keeping the same rights, or dropping some, is accepted by every host. */
    if (!peer_skips("component", "the preview 1 adapter answers NOTSUP from fd_fdstat_set_rights (WASI 0.2 has no rights)")) {
        CHECK_OK(__wasi_fd_fdstat_set_rights(fd, st.fs_rights_base, st.fs_rights_inheriting));
        CHECK_OK(__wasi_fd_fdstat_set_rights(fd, st.fs_rights_base & ~(__wasi_rights_t)__WASI_RIGHTS_FD_ALLOCATE, 0));
    }
    CHECK_OK(__wasi_fd_close(fd));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("fd_flags_rights", argc, argv);
    RUN(test_fdstat_kinds, dir);
    RUN(test_read_write_modes, dir);
    RUN(test_set_flags, dir);
    RUN(test_set_rights, dir);
    return conf_done();
}
