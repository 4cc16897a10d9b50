/*
 * path_open: CREAT, EXCL (EXIST), TRUNC, DIRECTORY on a file (NOTDIR), missing files and
 * parents (NOENT), a file used as a directory (NOTDIR), trailing slashes, ".", "..", repeated
 * slashes inside the preopen, the empty path (NOENT), names of 255 and 256 bytes
 * (NAMETOOLONG), a directory opened for writing (ISDIR), a file descriptor used as the base
 * (NOTDIR), independent offsets of two opens. Ports wasmtime preview1_path_open_create_existing,
 * _dirfd_not_dir, _missing, preview1_interesting_paths, preview1_file_truncation,
 * preview1_path_exists.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS path_open".
 */
#include "conformance.h"

static __wasi_errno_t try_open(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                               __wasi_rights_t rights) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, 0, path, oflags, rights, RIGHTS_DIR_INHERITING, 0, &fd);
    if (e == 0) {
        CHECK(fd > 2);
        CHECK_OK(__wasi_fd_close(fd));
    }
    return e;
}

static void test_create_excl_trunc(__wasi_fd_t dir) {
    CHECK_ERRNO(try_open(dir, "file", 0, RIGHTS_FILE), __WASI_ERRNO_NOENT);
    CHECK_OK(try_open(dir, "file", __WASI_OFLAGS_CREAT, RIGHTS_FILE));
    CHECK_EQ(stat_path(dir, 0, "file").filetype, __WASI_FILETYPE_REGULAR_FILE);
    write_file(dir, "file", "content");
    /* CREAT on an existing file opens it, keeping its content. */
    CHECK_OK(try_open(dir, "file", __WASI_OFLAGS_CREAT, RIGHTS_FILE));
    CHECK_EQ(stat_path(dir, 0, "file").size, 7);
    CHECK_ERRNO(try_open(dir, "file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE), __WASI_ERRNO_EXIST);
    CHECK_OK(__wasi_path_create_directory(dir, "dir"));
    CHECK_ERRNO(try_open(dir, "dir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE), __WASI_ERRNO_EXIST);
    CHECK_OK(try_open(dir, "fresh", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE));
    /* TRUNC empties an existing file (preview1_file_truncation). */
    CHECK_EQ(stat_path(dir, 0, "file").size, 7);
    CHECK_OK(try_open(dir, "file", __WASI_OFLAGS_TRUNC, RIGHTS_FILE));
    CHECK_EQ(stat_path(dir, 0, "file").size, 0);
    write_file(dir, "file", "again");
    __wasi_fd_t fd = open_file(dir, "file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE, 0);
    __wasi_filestat_t st;
    CHECK_OK(__wasi_fd_filestat_get(fd, &st));
    CHECK_EQ(st.size, 0);
    CHECK_OK(__wasi_fd_close(fd));
}

static void test_kinds(__wasi_fd_t dir) {
    create_file(dir, "f");
    CHECK_OK(__wasi_path_create_directory(dir, "d"));
    CHECK_ERRNO(try_open(dir, "f", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR), __WASI_ERRNO_NOTDIR);
    CHECK_OK(try_open(dir, "d", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR));
    CHECK_OK(try_open(dir, "d", 0, RIGHTS_DIR)); /* a directory opens without the flag too */
    /* Opening a directory for writing: ISDIR. */
    CHECK_ERRNO(try_open(dir, "d", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_ISDIR);
    /* CREAT naming an existing directory (no EXCL): ISDIR, as open(2). */
    CHECK_ERRNO(try_open(dir, "d", __WASI_OFLAGS_CREAT, RIGHTS_FILE), __WASI_ERRNO_ISDIR);
    /* The fdstat of what was opened tells its type. */
    __wasi_fd_t fd = open_file(dir, "f", 0, RIGHTS_FILE, 0);
    __wasi_fdstat_t fds;
    CHECK_OK(__wasi_fd_fdstat_get(fd, &fds));
    CHECK_EQ(fds.fs_filetype, __WASI_FILETYPE_REGULAR_FILE);
    /* A file descriptor is no base directory (preview1_path_open_dirfd_not_dir). */
    __wasi_fd_t out;
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE for path_open relative to a file")) {
        CHECK_ERRNO(__wasi_path_open(fd, 0, "x", 0, RIGHTS_FILE, 0, 0, &out), __WASI_ERRNO_NOTDIR);
        CHECK_ERRNO(__wasi_path_open(fd, 0, "x", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0, 0, &out), __WASI_ERRNO_NOTDIR);
    }
    CHECK_OK(__wasi_fd_close(fd));
    /* Nor is stdout. */
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE for path_open relative to stdio"))
        CHECK_ERRNO(__wasi_path_open(1, 0, "x", 0, RIGHTS_FILE, 0, 0, &out), __WASI_ERRNO_BADF);
}

static void test_missing(__wasi_fd_t dir) {
    CHECK_ERRNO(try_open(dir, "nope", 0, RIGHTS_FILE), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(try_open(dir, "nope", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(try_open(dir, "nope/x", 0, RIGHTS_FILE), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(try_open(dir, "nope/x", __WASI_OFLAGS_CREAT, RIGHTS_FILE), __WASI_ERRNO_NOENT);
    CHECK(!path_exists(dir, "nope"));
    /* The empty path names nothing (openat(2) says NOENT). */
    if (!peer_skips("node", "uvwasi answers INVAL for the empty path")) {
        CHECK_ERRNO(try_open(dir, "", 0, RIGHTS_FILE), __WASI_ERRNO_NOENT);
        CHECK_ERRNO(try_open(dir, "", __WASI_OFLAGS_CREAT, RIGHTS_FILE), __WASI_ERRNO_NOENT);
    }
    /* A file in the middle of a path. */
    create_file(dir, "plain");
    CHECK_ERRNO(try_open(dir, "plain/x", 0, RIGHTS_FILE), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(try_open(dir, "plain/x", __WASI_OFLAGS_CREAT, RIGHTS_FILE), __WASI_ERRNO_NOTDIR);
}

static void test_interesting_paths(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "top"));
    CHECK_OK(__wasi_path_rename(dir, "top", dir, "dir2"));
    CHECK_OK(__wasi_path_remove_directory(dir, "dir2"));
    CHECK_OK(__wasi_path_remove_directory(dir, "dir")); /* made by test_create_excl_trunc */
    CHECK_OK(__wasi_path_create_directory(dir, "dir"));
    CHECK_OK(__wasi_path_create_directory(dir, "dir/nested"));
    write_file(dir, "dir/nested/file", "x");
    CHECK_OK(try_open(dir, "dir/.//nested/../../dir/nested/../nested///./file", 0, RIGHTS_FILE));
    CHECK_OK(try_open(dir, "./dir/nested/file", 0, RIGHTS_FILE));
    CHECK_OK(try_open(dir, "dir//nested//file", 0, RIGHTS_FILE));
    CHECK_ERRNO2(try_open(dir, "dir/nested/file/", 0, RIGHTS_FILE), __WASI_ERRNO_NOTDIR, __WASI_ERRNO_NOENT);
    CHECK_ERRNO2(try_open(dir, "dir/nested/file///", 0, RIGHTS_FILE), __WASI_ERRNO_NOTDIR, __WASI_ERRNO_NOENT);
    /* "." and ".." after a file: the kernel (and so wasmtime) says NOTDIR. */
    if (!peer_skips("node", "uvwasi normalizes file/. and file/.. lexically before opening")) {
        CHECK_ERRNO(try_open(dir, "dir/nested/file/.", 0, RIGHTS_FILE), __WASI_ERRNO_NOTDIR);
        CHECK_ERRNO(try_open(dir, "dir/nested/file/..", 0, RIGHTS_FILE), __WASI_ERRNO_NOTDIR);
    }
    CHECK_OK(try_open(dir, "dir/nested/", 0, RIGHTS_DIR));
    CHECK_OK(try_open(dir, "dir/nested///", 0, RIGHTS_DIR));
    CHECK_OK(try_open(dir, "dir/nested/.", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR));
    CHECK_OK(try_open(dir, "dir/nested/..", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR));
    CHECK_OK(try_open(dir, ".", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR));
    CHECK_OK(try_open(dir, "dir/..", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR));
    /* "." opens the preopen itself: same inode. */
    __wasi_filestat_t a, b;
    __wasi_fd_t self = open_dir(dir, ".");
    CHECK_OK(__wasi_fd_filestat_get(self, &a));
    CHECK_OK(__wasi_fd_filestat_get(dir, &b));
    CHECK_EQ(a.ino, b.ino);
    /* A file created through one descriptor is visible through the other. */
    create_file(self, "via_self");
    CHECK(path_exists(dir, "via_self"));
    CHECK_OK(__wasi_fd_close(self));
    /* Creating with a trailing slash is refused. */
    CHECK(__wasi_path_open(dir, 0, "newfile/", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0, 0, &self) != 0);
    CHECK(!path_exists(dir, "newfile"));
}

static void test_name_length(__wasi_fd_t dir) {
    char name[300];
    memset(name, 'n', 255);
    name[255] = 0;
    CHECK_OK(try_open(dir, name, __WASI_OFLAGS_CREAT, RIGHTS_FILE));
    CHECK(path_exists(dir, name));
    memset(name, 'm', 256);
    name[256] = 0;
    CHECK_ERRNO(try_open(dir, name, __WASI_OFLAGS_CREAT, RIGHTS_FILE), __WASI_ERRNO_NAMETOOLONG);
    CHECK_ERRNO(__wasi_path_create_directory(dir, name), __WASI_ERRNO_NAMETOOLONG);
}

static void test_two_opens(__wasi_fd_t dir) {
    write_file(dir, "shared", "abcdef");
    __wasi_fd_t a = open_file(dir, "shared", 0, RIGHTS_FILE, 0);
    __wasi_fd_t b = open_file(dir, "shared", 0, RIGHTS_FILE, 0);
    CHECK(a != b);
    char buf[8];
    CHECK_EQ(read_some(a, buf, 2), 2);
    CHECK_MEM(buf, "ab", 2);
    CHECK_EQ(read_some(b, buf, 3), 3);
    CHECK_MEM(buf, "abc", 3); /* b has its own offset */
    /* A write through a is seen through b. */
    __wasi_ciovec_t iov = {(const uint8_t *)"XY", 2};
    __wasi_size_t n;
    CHECK_OK(__wasi_fd_write(a, &iov, 1, &n));
    CHECK_EQ(read_some(b, buf, 3), 3);
    CHECK_MEM(buf, "Yef", 3);
    CHECK_OK(__wasi_fd_close(a));
    CHECK_OK(__wasi_fd_close(b));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("path_open", argc, argv);
    RUN(test_create_excl_trunc, dir);
    RUN(test_kinds, dir);
    RUN(test_missing, dir);
    RUN(test_interesting_paths, dir);
    RUN(test_name_length, dir);
    RUN(test_two_opens, dir);
    return conf_done();
}
