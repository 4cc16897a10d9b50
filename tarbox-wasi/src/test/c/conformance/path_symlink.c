/*
 * path_symlink: creating symlinks to files, directories and nothing (dangling); following them
 * with LOOKUPFLAGS_SYMLINK_FOLLOW and not (LOOP / NOTDIR for a final symlink without follow);
 * symlinks in the middle of a path are always followed; loops (LOOP); path_readlink (exact,
 * truncated to the buffer, rest of the buffer untouched, INVAL on a non-link, NOENT);
 * trailing slashes on the link name; EXIST on an existing name; unlinking a symlink leaves
 * its target. Ports wasmtime preview1_symlink_create, preview1_readlink,
 * preview1_dangling_symlink, preview1_symlink_loop, preview1_nofollow_errors,
 * preview1_path_symlink_trailing_slashes, preview1_dangling_fd.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS path_symlink".
 */
#include "conformance.h"

static __wasi_errno_t try_open(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path,
                               __wasi_oflags_t oflags, __wasi_rights_t rights) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, lf, path, oflags, rights, RIGHTS_DIR_INHERITING, 0, &fd);
    if (e == 0) CHECK_OK(__wasi_fd_close(fd));
    return e;
}

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static void test_create_and_follow(__wasi_fd_t dir) {
    write_file(dir, "target", "via link");
    CHECK_OK(__wasi_path_symlink("target", dir, "symlink"));
    /* Followed, it is the file. */
    __wasi_fd_t fd;
    CHECK_OK(__wasi_path_open(dir, FOLLOW, "symlink", 0, RIGHTS_FILE, 0, 0, &fd));
    char buf[32];
    CHECK_EQ(read_some(fd, buf, sizeof buf), 8);
    CHECK_MEM(buf, "via link", 8);
    CHECK_OK(__wasi_fd_close(fd));
    /* Writing through the link writes the target. */
    CHECK_OK(__wasi_path_open(dir, FOLLOW, "symlink", __WASI_OFLAGS_TRUNC, RIGHTS_FILE, 0, 0, &fd));
    write_all(fd, "new", 3);
    CHECK_OK(__wasi_fd_close(fd));
    CHECK_EQ(read_file(dir, "target", buf, sizeof buf), 3);
    /* Not followed, opening the link itself fails with LOOP. */
    if (!peer_skips("node", "uvwasi follows a final symlink even without SYMLINK_FOLLOW"))
        CHECK_ERRNO(try_open(dir, 0, "symlink", 0, RIGHTS_FILE), __WASI_ERRNO_LOOP);
    CHECK_ERRNO2(try_open(dir, 0, "symlink", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR), __WASI_ERRNO_LOOP, __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(try_open(dir, FOLLOW, "symlink", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR), __WASI_ERRNO_NOTDIR);
    /* filestat: the link itself vs what it points to. */
    __wasi_filestat_t l = stat_path(dir, 0, "symlink");
    __wasi_filestat_t t = stat_path(dir, FOLLOW, "symlink");
    CHECK_EQ(l.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
    CHECK_EQ(l.size, 6); /* strlen("target") */
    CHECK_EQ(t.filetype, __WASI_FILETYPE_REGULAR_FILE);
    CHECK_EQ(t.ino, stat_path(dir, 0, "target").ino);
    CHECK(l.ino != t.ino);
    /* Unlinking the link leaves the target. */
    CHECK_OK(__wasi_path_unlink_file(dir, "symlink"));
    CHECK(path_exists(dir, "target"));
    CHECK(!path_exists(dir, "symlink"));
    CHECK_OK(__wasi_path_unlink_file(dir, "target"));
}

static void test_directory_links(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "realdir"));
    write_file(dir, "realdir/inner", "in");
    CHECK_OK(__wasi_path_symlink("realdir", dir, "dirlink"));
    CHECK_OK(try_open(dir, FOLLOW, "dirlink", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR));
    /* A symlink in the middle of a path is followed whatever the lookup flags say. */
    CHECK_OK(try_open(dir, 0, "dirlink/inner", 0, RIGHTS_FILE));
    CHECK_EQ(stat_path(dir, 0, "dirlink/inner").size, 2);
    /* A trailing slash after a symlink to a directory resolves the directory. */
    CHECK_EQ(stat_path(dir, 0, "dirlink/").filetype, __WASI_FILETYPE_DIRECTORY);
    CHECK_EQ(stat_path(dir, FOLLOW, "dirlink").filetype, __WASI_FILETYPE_DIRECTORY);
    /* A relative target is resolved from the link's directory. */
    CHECK_OK(__wasi_path_create_directory(dir, "a"));
    if (!peer_skips("node", "uvwasi refuses a symlink target with .. relative to the base fd")) {
        CHECK_OK(__wasi_path_symlink("../realdir/inner", dir, "a/up"));
        CHECK_EQ(stat_path(dir, FOLLOW, "a/up").size, 2);
    }
    /* Creating through a directory link. */
    create_file(dir, "dirlink/made");
    CHECK(path_exists(dir, "realdir/made"));
    /* Removing the link as a directory fails: it is not one. */
    CHECK_ERRNO(__wasi_path_remove_directory(dir, "dirlink"), __WASI_ERRNO_NOTDIR);
    CHECK_OK(__wasi_path_unlink_file(dir, "dirlink"));
    CHECK(path_exists(dir, "realdir/inner"));
}

static void test_dangling_and_loops(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_symlink("nowhere", dir, "dangling"));
    CHECK_EQ(stat_path(dir, 0, "dangling").filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
    __wasi_filestat_t st;
    CHECK_ERRNO(__wasi_path_filestat_get(dir, FOLLOW, "dangling", &st), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(try_open(dir, FOLLOW, "dangling", 0, RIGHTS_FILE), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(try_open(dir, FOLLOW, "dangling", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR), __WASI_ERRNO_NOENT);
    if (!peer_skips("node", "uvwasi follows a final dangling symlink without SYMLINK_FOLLOW (NOENT)")) {
        CHECK_ERRNO(try_open(dir, 0, "dangling", 0, RIGHTS_FILE), __WASI_ERRNO_LOOP);
        CHECK_ERRNO2(try_open(dir, 0, "dangling", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR), __WASI_ERRNO_LOOP, __WASI_ERRNO_NOTDIR);
    }
    /* A name that is taken by a symlink is taken: EXIST even though it dangles. */
    CHECK_ERRNO(__wasi_path_symlink("x", dir, "dangling"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(__wasi_path_create_directory(dir, "dangling"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(try_open(dir, 0, "dangling", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE), __WASI_ERRNO_EXIST);
    CHECK_OK(__wasi_path_unlink_file(dir, "dangling"));

    CHECK_OK(__wasi_path_symlink("loop", dir, "loop"));
    CHECK_ERRNO(try_open(dir, FOLLOW, "loop", 0, RIGHTS_FILE), __WASI_ERRNO_LOOP);
    CHECK_ERRNO(__wasi_path_filestat_get(dir, FOLLOW, "loop", &st), __WASI_ERRNO_LOOP);
    CHECK_ERRNO(try_open(dir, 0, "loop/x", 0, RIGHTS_FILE), __WASI_ERRNO_LOOP);
    CHECK_OK(__wasi_path_symlink("pong", dir, "ping"));
    CHECK_OK(__wasi_path_symlink("ping", dir, "pong"));
    CHECK_ERRNO(try_open(dir, FOLLOW, "ping", 0, RIGHTS_FILE), __WASI_ERRNO_LOOP);
    CHECK_ERRNO(__wasi_path_filestat_get(dir, 0, "ping/x", &st), __WASI_ERRNO_LOOP);
    CHECK_OK(__wasi_path_unlink_file(dir, "loop"));
    CHECK_OK(__wasi_path_unlink_file(dir, "ping"));
    CHECK_OK(__wasi_path_unlink_file(dir, "pong"));
    /* A chain of 10 links is fine. */
    create_file(dir, "end");
    char from[16], to[16];
    for (int i = 0; i < 10; i++) {
        snprintf(to, sizeof to, i == 0 ? "end" : "c%d", i - 1);
        snprintf(from, sizeof from, "c%d", i);
        CHECK_OK(__wasi_path_symlink(to, dir, from));
    }
    CHECK_OK(try_open(dir, FOLLOW, "c9", 0, RIGHTS_FILE));
}

static void test_readlink(__wasi_fd_t dir) {
    create_file(dir, "rtarget");
    CHECK_OK(__wasi_path_symlink("rtarget", dir, "rlink"));
    uint8_t buf[12];
    memset(buf, 0, sizeof buf);
    __wasi_size_t used = 0;
    CHECK_OK(__wasi_path_readlink(dir, "rlink", buf, sizeof buf, &used));
    CHECK_EQ(used, 7);
    CHECK_MEM(buf, "rtarget", 7);
    CHECK_MEM(buf + 7, "\0\0\0\0\0", 5); /* untouched, no NUL written */
    /* A short buffer truncates silently. */
    memset(buf, 0, sizeof buf);
    if (!peer_skips("node", "uvwasi answers NOBUFS when the link does not fit the buffer")) {
        CHECK_OK(__wasi_path_readlink(dir, "rlink", buf, 4, &used));
        CHECK_EQ(used, 4);
        CHECK_MEM(buf, "rtar\0", 5);
    }
    /* The target text is stored as given, even when it points nowhere or upwards. */
    CHECK_OK(__wasi_path_symlink("a/../b//c", dir, "odd"));
    CHECK_OK(__wasi_path_readlink(dir, "odd", buf, sizeof buf, &used));
    CHECK_EQ(used, 9);
    CHECK_MEM(buf, "a/../b//c", 9);
    /* Not a link: INVAL. Missing: NOENT. */
    CHECK_ERRNO(__wasi_path_readlink(dir, "rtarget", buf, sizeof buf, &used), __WASI_ERRNO_INVAL);
    CHECK_ERRNO(__wasi_path_readlink(dir, ".", buf, sizeof buf, &used), __WASI_ERRNO_INVAL);
    CHECK_ERRNO(__wasi_path_readlink(dir, "missing", buf, sizeof buf, &used), __WASI_ERRNO_NOENT);
    /* Incrementally growing buffer finds a multi-byte name (preview1_readlink). */
    const char *name = "\xd0\x94\xd0\xb5\xd0\xb9\xd1\x81\xd1\x82\xd0\xb2\xd0\xb8\xd0\xb5";
    CHECK_OK(__wasi_path_symlink(name, dir, "ulink"));
    uint8_t big[64];
    for (__wasi_size_t cap = peer_skips("node", "uvwasi answers NOBUFS unless the buffer also fits a NUL") ? 17 : 0;
         cap <= 32; cap++) {
        CHECK_OK(__wasi_path_readlink(dir, "ulink", big, cap, &used));
        CHECK_EQ(used, cap < 16 ? cap : 16);
    }
    CHECK_MEM(big, name, 16);
    /* readlink follows symlinks in the middle of its path. */
    CHECK_OK(__wasi_path_create_directory(dir, "rd"));
    CHECK_OK(__wasi_path_symlink("zz", dir, "rd/l"));
    CHECK_OK(__wasi_path_symlink("rd", dir, "rdlink"));
    CHECK_OK(__wasi_path_readlink(dir, "rdlink/l", buf, sizeof buf, &used));
    CHECK_EQ(used, 2);
    CHECK_MEM(buf, "zz", 2);
}

static void test_trailing_slashes(__wasi_fd_t dir) {
    /* Dangling symlink: the link name may not end with a slash. */
    CHECK_ERRNO(__wasi_path_symlink("source", dir, "tsl/"), __WASI_ERRNO_NOENT);
    CHECK(!path_exists(dir, "tsl"));
    CHECK_OK(__wasi_path_create_directory(dir, "tsl"));
    CHECK_ERRNO(__wasi_path_symlink("source", dir, "tsl/"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(__wasi_path_symlink("source", dir, "tsl"), __WASI_ERRNO_EXIST);
    CHECK_OK(__wasi_path_remove_directory(dir, "tsl"));
    create_file(dir, "tsl");
    if (!peer_skips("node", "uvwasi answers EXIST for a file name with a trailing slash"))
        CHECK_ERRNO(__wasi_path_symlink("source", dir, "tsl/"), __WASI_ERRNO_NOTDIR);
    CHECK_ERRNO(__wasi_path_symlink("source", dir, "tsl"), __WASI_ERRNO_EXIST);
    CHECK_ERRNO(__wasi_path_symlink("source", dir, "missing/x"), __WASI_ERRNO_NOENT);
    CHECK_ERRNO(__wasi_path_symlink("source", dir, "tsl/x"), __WASI_ERRNO_NOTDIR);
    if (!peer_skips("node", "uvwasi answers INVAL for the empty path"))
        CHECK_ERRNO(__wasi_path_symlink("source", dir, ""), __WASI_ERRNO_NOENT);
    CHECK_OK(__wasi_path_unlink_file(dir, "tsl"));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("path_symlink", argc, argv);
    RUN(test_create_and_follow, dir);
    RUN(test_directory_links, dir);
    RUN(test_dangling_and_loops, dir);
    RUN(test_readlink, dir);
    RUN(test_trailing_slashes, dir);
    return conf_done();
}
