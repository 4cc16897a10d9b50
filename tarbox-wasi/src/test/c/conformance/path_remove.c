/*
 * path_remove: path_create_directory (EXIST, NOENT parent, NOTDIR parent, trailing slash),
 * path_remove_directory (NOTEMPTY, NOTDIR on a file or symlink, NOENT, trailing slash,
 * "." INVAL), path_unlink_file (ISDIR on a directory, NOTDIR with a trailing slash on a file,
 * NOENT), unlinking a file that is still open (its descriptor keeps working), removing a
 * directory that is open. Ports wasmtime preview1_remove_directory,
 * preview1_unlink_file_trailing_slashes, preview1_remove_nonempty_directory,
 * preview1_dangling_fd.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS path_remove".
 */
#include "conformance.h"

static void test_create_directory(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "d"));
    CHECK_EQ(stat_path(dir, 0, "d").filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_ERRNO(__wasi_path_create_directory(dir, "d"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(__wasi_path_create_directory(dir, "d/"), __WASI_ERRNO_EXIST);
    CHECK_OK(__wasi_path_create_directory(dir, "d/e/"));
    CHECK_EQ(stat_path(dir, 0, "d/e").filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_ERRNO(__wasi_path_create_directory(dir, "missing/x"), __WASI_ERRNO_NOENT);
    create_file(dir, "f");
    CHECK_ERRNO(__wasi_path_create_directory(dir, "f"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(__wasi_path_create_directory(dir, "f/x"), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(__wasi_path_create_directory(dir, "."), __WASI_ERRNO_EXIST);
    if (!peer_skips("node", "uvwasi answers INVAL for the empty path"))
        CHECK_ERRNO(__wasi_path_create_directory(dir, ""), __WASI_ERRNO_NOENT);
    /* A new directory is empty and has nlink >= 1. */
    CHECK(stat_path(dir, 0, "d/e").nlink >= 1);
}

static void test_remove_directory(__wasi_fd_t dir) {
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "d"), __WASI_ERRNO_NOTEMPTY);
    CHECK_OK(__wasi_path_remove_directory(dir, "d/e/")); /* trailing slash is fine */
    CHECK(!path_exists(dir, "d/e"));
    create_file(dir, "d/file");
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "d"), __WASI_ERRNO_NOTEMPTY);
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "d/file"), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "d/file/"), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "d/none"), __WASI_ERRNO_NOENT);
    CHECK_OK(__wasi_path_unlink_file(dir, "d/file"));
    CHECK_OK(__wasi_path_remove_directory(dir, "d"));
    CHECK(!path_exists(dir, "d"));
    /* A symlink to a directory is not a directory. */
    CHECK_OK(__wasi_path_create_directory(dir, "real"));
    CHECK_OK(__wasi_path_symlink("real", dir, "sym"));
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "sym"), __WASI_ERRNO_NOTDIR);
    CHECK_OK(__wasi_path_unlink_file(dir, "sym"));
    /* "." cannot be removed (rmdir(2): INVAL). */
    __wasi_fd_t r = open_dir(dir, "real");
    if (!peer_skips("node", "uvwasi resolves \".\" to the directory's path and removes it")) {
        CHECK_ERRNO(__wasi_path_remove_directory(r, "."), __WASI_ERRNO_INVAL);
    }
    CHECK(path_exists(dir, "real"));
    CHECK_OK(__wasi_path_remove_directory(dir, "real"));
    CHECK_OK(__wasi_fd_close(r));
    CHECK(!path_exists(dir, "real"));
    /* The removed directory's name is free again. */
    CHECK_OK(__wasi_path_create_directory(dir, "real"));
    CHECK_OK(__wasi_path_remove_directory(dir, "real"));
}

static void test_unlink(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "dir"));
    CHECK_ERRNO(__wasi_path_unlink_file(dir, "dir"), __WASI_ERRNO_ISDIR);
    CHECK_ERRNO(__wasi_path_unlink_file(dir, "dir/"), __WASI_ERRNO_ISDIR);
    CHECK_OK(__wasi_path_remove_directory(dir, "dir"));
    create_file(dir, "file");
    CHECK_ERRNO(__wasi_path_unlink_file(dir, "file/"), __WASI_ERRNO_NOTDIR);
    CHECK_OK(__wasi_path_unlink_file(dir, "file"));
    CHECK_ERRNO(__wasi_path_unlink_file(dir, "file"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_unlink_file(dir, "nodir/file"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_unlink_file(dir, "f/x"), __WASI_ERRNO_NOTDIR); /* f is a file */
}

static void test_unlink_open_file(__wasi_fd_t dir) {
    write_file(dir, "open", "still here");
    __wasi_fd_t fd = open_file(dir, "open", 0, RIGHTS_FILE, 0);
    CHECK_OK(__wasi_path_unlink_file(dir, "open"));
    CHECK(!path_exists(dir, "open"));
    /* POSIX: the descriptor keeps the data until it is closed. */
    char buf[32];
    CHECK_EQ(read_some(fd, buf, sizeof buf), 10);
    CHECK_MEM(buf, "still here", 10);
    CHECK_EQ(write_all(fd, "!", 1), 1);
    __wasi_filestat_t st;
    CHECK_OK(__wasi_fd_filestat_get(fd, &st));
    CHECK_EQ(st.size, 11);
    CHECK_EQ(st.nlink, 0);
    CHECK_OK(__wasi_fd_close(fd));
    /* A new file of that name is a different, empty file. */
    create_file(dir, "open");
    CHECK_EQ(stat_path(dir, 0, "open").size, 0);
}

static void test_remove_open_directory(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "gone"));
    __wasi_fd_t d = open_dir(dir, "gone");
    CHECK_OK(__wasi_path_remove_directory(dir, "gone"));
    CHECK(!path_exists(dir, "gone"));
    /* Creating inside a removed directory fails (wasmtime/Linux: NOENT). */
    __wasi_fd_t f;
    CHECK_ERRNO(__wasi_path_open(d, 0, "x", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0, 0, &f), __WASI_ERRNO_NOENT);
    CHECK_OK(__wasi_fd_close(d));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("path_remove", argc, argv);
    RUN(test_create_directory, dir);
    RUN(test_remove_directory, dir);
    RUN(test_unlink, dir);
    RUN(test_unlink_open_file, dir);
    RUN(test_remove_open_directory, dir);
    return conf_done();
}
