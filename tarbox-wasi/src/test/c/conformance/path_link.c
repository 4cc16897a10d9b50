/*
 * path_link: hard links in the same and another directory share inode, data and nlink;
 * linking onto an existing name (EXIST, also onto itself and onto a directory or a dangling
 * symlink), linking a directory (PERM or ACCES), a trailing slash on the new name (NOENT),
 * linking symlinks themselves (dangling, loop), SYMLINK_FOLLOW (INVAL in wasmtime), removing
 * one name keeps the data. Port of wasmtime preview1_path_link.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS path_link".
 */
#include "conformance.h"

static void test_link(__wasi_fd_t dir) {
    write_file(dir, "file", "shared");
    CHECK_OK(__wasi_path_link(dir, 0, "file", dir, "link"));
    __wasi_filestat_t a = stat_path(dir, 0, "file"), b = stat_path(dir, 0, "link");
    CHECK_EQ(a.ino, b.ino);
    CHECK_EQ(a.dev, b.dev);
    CHECK_EQ(a.nlink, 2);
    CHECK_EQ(b.nlink, 2);
    CHECK_EQ(b.size, 6);
    CHECK_EQ(b.filetype, __WASI_FILETYPE_REGULAR_FILE);
    /* Same fdstat for descriptors on both names. */
    __wasi_fd_t f1 = open_file(dir, "file", 0, RIGHTS_FILE, 0);
    __wasi_fd_t f2 = open_file(dir, "link", 0, RIGHTS_FILE, 0);
    __wasi_fdstat_t s1, s2;
    CHECK_OK(__wasi_fd_fdstat_get(f1, &s1));
    CHECK_OK(__wasi_fd_fdstat_get(f2, &s2));
    CHECK_EQ(s1.fs_filetype, s2.fs_filetype);
    CHECK_EQ(s1.fs_rights_base, s2.fs_rights_base);
    /* A write through one name is read through the other. */
    write_all(f1, "SH", 2);
    char buf[16];
    CHECK_EQ(read_some(f2, buf, sizeof buf), 6);
    CHECK_MEM(buf, "SHared", 6);
    CHECK_OK(__wasi_fd_close(f1));
    CHECK_OK(__wasi_fd_close(f2));
    /* Removing one name keeps the data under the other. */
    CHECK_OK(__wasi_path_unlink_file(dir, "file"));
    CHECK_EQ(stat_path(dir, 0, "link").nlink, 1);
    CHECK_EQ(read_file(dir, "link", buf, sizeof buf), 6);
    CHECK_OK(__wasi_path_rename(dir, "link", dir, "file"));
    /* Into a subdirectory through another descriptor. */
    CHECK_OK(__wasi_path_create_directory(dir, "subdir"));
    __wasi_fd_t sub = open_dir(dir, "subdir");
    CHECK_OK(__wasi_path_link(dir, 0, "file", sub, "link"));
    CHECK_EQ(stat_path(sub, 0, "link").ino, stat_path(dir, 0, "file").ino);
    CHECK_OK(__wasi_path_link(sub, 0, "link", dir, "third"));
    CHECK_EQ(stat_path(dir, 0, "third").nlink, 3);
    CHECK_OK(__wasi_path_unlink_file(sub, "link"));
    CHECK_OK(__wasi_path_unlink_file(dir, "third"));
    CHECK_OK(__wasi_fd_close(sub));
}

static void test_errors(__wasi_fd_t dir) {
    create_file(dir, "exists");
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "exists"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "file"), __WASI_ERRNO_EXIST);
    CHECK_OK(__wasi_path_create_directory(dir, "adir"));
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "adir"), __WASI_ERRNO_EXIST);
    /* Hard links to directories are refused. */
    CHECK_ERRNO2(__wasi_path_link(dir, 0, "adir", dir, "dirlink"), __WASI_ERRNO_PERM, __WASI_ERRNO_ACCES);
    CHECK(!path_exists(dir, "dirlink"));
    /* The new name may not end with a slash. */
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "slash/"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_link(dir, 0, "missing", dir, "x"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "nodir/x"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "exists/x"), __WASI_ERRNO_NOTDIR);
    CHECK_OK(__wasi_path_unlink_file(dir, "exists"));
}

static void test_symlinks(__wasi_fd_t dir) {
    /* Linking a dangling symlink links the symlink itself. */
    CHECK_OK(__wasi_path_symlink("target", dir, "symlink"));
    CHECK_OK(__wasi_path_link(dir, 0, "symlink", dir, "link"));
    CHECK_EQ(stat_path(dir, 0, "link").filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
    CHECK_OK(__wasi_path_unlink_file(dir, "symlink"));
    CHECK_OK(__wasi_path_unlink_file(dir, "link"));
    /* And a symlink loop. */
    CHECK_OK(__wasi_path_symlink("symlink", dir, "symlink"));
    CHECK_OK(__wasi_path_link(dir, 0, "symlink", dir, "link"));
    CHECK_OK(__wasi_path_unlink_file(dir, "symlink"));
    CHECK_OK(__wasi_path_unlink_file(dir, "link"));
    /* A dangling symlink as the new name: EXIST. */
    CHECK_OK(__wasi_path_symlink("target", dir, "symlink"));
    CHECK_ERRNO(__wasi_path_link(dir, 0, "file", dir, "symlink"), __WASI_ERRNO_EXIST);
    /* wasmtime rejects SYMLINK_FOLLOW for path_link. */
    if (!peer_skips("node", "uvwasi follows the symlink for SYMLINK_FOLLOW (NOENT) instead of refusing the flag"))
        CHECK_ERRNO(__wasi_path_link(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "symlink", dir, "link"), __WASI_ERRNO_INVAL);
    CHECK_OK(__wasi_path_unlink_file(dir, "symlink"));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("path_link", argc, argv);
    RUN(test_link, dir);
    RUN(test_errors, dir);
    RUN(test_symlinks, dir);
    return conf_done();
}
