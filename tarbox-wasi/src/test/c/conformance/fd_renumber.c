/*
 * fd_renumber: renumbering moves an open description onto an open number (closing what was
 * there), the old number becomes invalid, offsets and flags travel with it; both numbers must
 * be open (BADF otherwise); renumbering onto itself is a no-op. Port of wasmtime preview1_renumber.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS fd_renumber".
 */
#include "conformance.h"

static void test_renumber(__wasi_fd_t dir) {
    __wasi_fd_t from = open_file(dir, "file1", __WASI_OFLAGS_CREAT, RIGHTS_FILE, __WASI_FDFLAGS_APPEND);
    __wasi_fd_t to = open_file(dir, "file2", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    CHECK(from != to);
    write_all(from, "one", 3);
    __wasi_fdstat_t before, after;
    CHECK_OK(__wasi_fd_fdstat_get(from, &before));
    CHECK_OK(__wasi_fd_renumber(from, to));
    CHECK_ERRNO(__wasi_fd_close(from), __WASI_ERRNO_BADF);
    CHECK_OK(__wasi_fd_fdstat_get(to, &after));
    CHECK_EQ(after.fs_filetype, before.fs_filetype);
    CHECK_EQ(after.fs_flags, before.fs_flags);
    CHECK_EQ(after.fs_rights_base, before.fs_rights_base);
    CHECK_EQ(after.fs_rights_inheriting, before.fs_rights_inheriting);
    /* `to` now writes to file1, at its offset, still in append mode. */
    __wasi_filesize_t off;
    CHECK_OK(__wasi_fd_tell(to, &off));
    CHECK_EQ(off, 3);
    write_all(to, "two", 3);
    char buf[16];
    CHECK_EQ(read_file(dir, "file1", buf, sizeof buf), 6);
    CHECK_MEM(buf, "onetwo", 6);
    CHECK_EQ(read_file(dir, "file2", buf, sizeof buf), 0);
    /* Onto itself: nothing happens. */
    CHECK_OK(__wasi_fd_renumber(to, to));
    CHECK_OK(__wasi_fd_fdstat_get(to, &after));
    /* Both ends must be open. */
    CHECK_ERRNO(__wasi_fd_renumber(to, 4321), __WASI_ERRNO_BADF);
    CHECK_ERRNO(__wasi_fd_renumber(4321, to), __WASI_ERRNO_BADF);
    CHECK_OK(__wasi_fd_fdstat_get(to, &after)); /* the failed calls left it open */
    CHECK_OK(__wasi_fd_close(to));
    if (!peer_skips("node", "uvwasi accepts renumbering a closed fd onto itself"))
        CHECK_ERRNO(__wasi_fd_renumber(to, to), __WASI_ERRNO_BADF);
}

static void test_renumber_directory(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "sub"));
    __wasi_fd_t d = open_dir(dir, "sub");
    __wasi_fd_t f = open_file(dir, "target", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    CHECK_OK(__wasi_fd_renumber(d, f));
    /* f is now the directory: paths resolve relative to sub. */
    if (!peer_skips("node", "uvwasi keeps the rights of the replaced file on the renumbered fd")) {
        create_file(f, "inside");
        CHECK(path_exists(dir, "sub/inside"));
    }
    __wasi_fdstat_t st;
    CHECK_OK(__wasi_fd_fdstat_get(f, &st));
    CHECK_EQ(st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_OK(__wasi_fd_close(f));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("fd_renumber", argc, argv);
    RUN(test_renumber, dir);
    RUN(test_renumber_directory, dir);
    return conf_done();
}
