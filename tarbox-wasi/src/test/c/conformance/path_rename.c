/*
 * path_rename: files and directories to new names, over existing files (replaced) and empty
 * directories (replaced), over non-empty directories (NOTEMPTY), directory onto file (NOTDIR),
 * file onto directory (ISDIR), a directory into its own subtree (INVAL), missing source
 * (NOENT), missing target parent (NOENT), across directory descriptors, renaming onto itself,
 * an open descriptor keeps working after the rename, trailing slashes. Ports wasmtime
 * preview1_path_rename, preview1_path_rename_dir_trailing_slashes,
 * preview1_path_rename_file_trailing_slashes.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS path_rename".
 */
#include "conformance.h"

static void test_directories(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "source"));
    CHECK_OK(__wasi_path_rename(dir, "source", dir, "target"));
    CHECK(!path_exists(dir, "source"));
    CHECK_EQ(stat_path(dir, 0, "target").filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_OK(__wasi_path_remove_directory(dir, "target"));
    /* Onto an existing empty directory: replaced. */
    CHECK_OK(__wasi_path_create_directory(dir, "source"));
    create_file(dir, "source/keep");
    CHECK_OK(__wasi_path_create_directory(dir, "target"));
    CHECK_OK(__wasi_path_rename(dir, "source", dir, "target"));
    CHECK(!path_exists(dir, "source"));
    CHECK(path_exists(dir, "target/keep"));
    CHECK_OK(__wasi_path_unlink_file(dir, "target/keep"));
    CHECK_OK(__wasi_path_remove_directory(dir, "target"));
    /* Onto a non-empty directory: NOTEMPTY; onto a file: NOTDIR. */
    CHECK_OK(__wasi_path_create_directory(dir, "source"));
    CHECK_OK(__wasi_path_create_directory(dir, "target"));
    create_file(dir, "target/file");
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "target"), __WASI_ERRNO_NOTEMPTY);
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "target/file"), __WASI_ERRNO_NOTDIR);
    CHECK(path_exists(dir, "source"));
    CHECK(path_exists(dir, "target/file"));
    /* Into its own subtree: INVAL. */
    CHECK_OK(__wasi_path_create_directory(dir, "source/child"));
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "source/child/moved"), __WASI_ERRNO_INVAL);
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "source/moved"), __WASI_ERRNO_INVAL);
    CHECK(path_exists(dir, "source/child"));
    /* Trailing slashes are fine on directories. */
    CHECK_OK(__wasi_path_rename(dir, "source/", dir, "renamed/"));
    CHECK_OK(__wasi_path_rename(dir, "renamed", dir, "source/"));
    CHECK_OK(__wasi_path_rename(dir, "source/", dir, "renamed"));
    CHECK(path_exists(dir, "renamed/child"));
    CHECK_OK(__wasi_path_remove_directory(dir, "renamed/child"));
    CHECK_OK(__wasi_path_remove_directory(dir, "renamed"));
    CHECK_OK(__wasi_path_unlink_file(dir, "target/file"));
    CHECK_OK(__wasi_path_remove_directory(dir, "target"));
}

static void test_files(__wasi_fd_t dir) {
    write_file(dir, "source", "S");
    CHECK_OK(__wasi_path_rename(dir, "source", dir, "target"));
    CHECK(!path_exists(dir, "source"));
    char buf[8];
    CHECK_EQ(read_file(dir, "target", buf, sizeof buf), 1);
    /* Over an existing file: the target is replaced, atomically. */
    write_file(dir, "source", "NEW");
    __wasi_filestat_t src = stat_path(dir, 0, "source");
    CHECK_OK(__wasi_path_rename(dir, "source", dir, "target"));
    CHECK(!path_exists(dir, "source"));
    CHECK_EQ(read_file(dir, "target", buf, sizeof buf), 3);
    CHECK_MEM(buf, "NEW", 3);
    CHECK_EQ(stat_path(dir, 0, "target").ino, src.ino);
    /* Onto a directory: ISDIR. */
    write_file(dir, "source", "x");
    CHECK_OK(__wasi_path_create_directory(dir, "adir"));
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "adir"), __WASI_ERRNO_ISDIR);
    /* Onto itself: nothing happens. */
    CHECK_OK(__wasi_path_rename(dir, "source", dir, "source"));
    CHECK(path_exists(dir, "source"));
    /* Missing source, missing target parent, a file as the target's parent. */
    CHECK_ERRNO(__wasi_path_rename(dir, "missing", dir, "whatever"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "nodir/x"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "target/x"), __WASI_ERRNO_NOTDIR);
    CHECK(path_exists(dir, "source"));
    /* Trailing slashes on a file: NOTDIR (preview1_path_rename_file_trailing_slashes). */
    CHECK_ERRNO(__wasi_path_rename(dir, "source/", dir, "target"), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(__wasi_path_rename(dir, "source", dir, "target/"), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(__wasi_path_rename(dir, "source/", dir, "target/"), __WASI_ERRNO_NOTDIR);
    CHECK(path_exists(dir, "source"));
    CHECK_OK(__wasi_path_unlink_file(dir, "source"));
    CHECK_OK(__wasi_path_unlink_file(dir, "target"));
    CHECK_OK(__wasi_path_remove_directory(dir, "adir"));
}

static void test_across_descriptors(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "a"));
    CHECK_OK(__wasi_path_create_directory(dir, "b"));
    __wasi_fd_t a = open_dir(dir, "a");
    __wasi_fd_t b = open_dir(dir, "b");
    write_file(a, "f", "moving");
    CHECK_OK(__wasi_path_rename(a, "f", b, "g"));
    CHECK(!path_exists(dir, "a/f"));
    char buf[16];
    CHECK_EQ(read_file(dir, "b/g", buf, sizeof buf), 6);
    /* A descriptor open on the file keeps reading it after the move. */
    __wasi_fd_t fd = open_file(b, "g", 0, RIGHTS_FILE, 0);
    CHECK_OK(__wasi_path_rename(b, "g", dir, "top"));
    CHECK_EQ(read_some(fd, buf, sizeof buf), 6);
    CHECK_MEM(buf, "moving", 6);
    CHECK_OK(__wasi_fd_close(fd));
    /* A directory descriptor keeps working after its directory is renamed. */
    CHECK_OK(__wasi_path_rename(dir, "a", dir, "a2"));
    if (!peer_skips("node", "uvwasi resolves a directory fd by its path, so it loses a renamed directory")) {
        create_file(a, "after");
        CHECK(path_exists(dir, "a2/after"));
    } else {
        create_file(dir, "a2/after");
    }
    /* Rename a directory with content into another. */
    CHECK_OK(__wasi_path_rename(dir, "a2", b, "nested"));
    CHECK(path_exists(dir, "b/nested/after"));
    CHECK_OK(__wasi_fd_close(a));
    CHECK_OK(__wasi_fd_close(b));
}

static void test_symlinks(__wasi_fd_t dir) {
    /* Renaming a symlink moves the link, not its target. */
    create_file(dir, "t");
    CHECK_OK(__wasi_path_symlink("t", dir, "l"));
    CHECK_OK(__wasi_path_rename(dir, "l", dir, "l2"));
    CHECK_EQ(stat_path(dir, 0, "l2").filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
    CHECK(path_exists(dir, "t"));
    /* A dangling symlink can be renamed too, and replaced by a rename. */
    CHECK_OK(__wasi_path_symlink("nowhere", dir, "d"));
    CHECK_OK(__wasi_path_rename(dir, "d", dir, "d2"));
    CHECK_OK(__wasi_path_rename(dir, "t", dir, "d2"));
    CHECK_EQ(stat_path(dir, 0, "d2").filetype, __WASI_FILETYPE_REGULAR_FILE);
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("path_rename", argc, argv);
    RUN(test_directories, dir);
    RUN(test_files, dir);
    RUN(test_across_descriptors, dir);
    RUN(test_symlinks, dir);
    return conf_done();
}
