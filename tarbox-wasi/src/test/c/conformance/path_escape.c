/*
 * path_escape: no path call can leave its base directory: "..", "a/../../x", absolute paths
 * (including the preopen's own guest name), symlinks whose target climbs out or is absolute,
 * followed at the end or in the middle of a path, ".." from a directory opened below the
 * preopen (every descriptor is its own root). Every such call answers PERM (wasmtime) or
 * NOTCAPABLE (uvwasi); both are accepted. Creating a symlink whose text points outside may be
 * refused with the same errnos or succeed; if it succeeds, following it must be refused.
 * Port of wasmtime preview1_interesting_paths (escapes) and preview1_symlink_create (to "/").
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS path_escape".
 */
#include "conformance.h"

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static __wasi_errno_t try_open(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path,
                               __wasi_oflags_t oflags) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, lf, path, oflags, RIGHTS_READ_ONLY, 0, 0, &fd);
    if (e == 0) CHECK_OK(__wasi_fd_close(fd));
    return e;
}

static void test_dotdot_and_absolute(__wasi_fd_t dir, const char *guest) {
    CHECK_OK(__wasi_path_create_directory(dir, "a"));
    create_file(dir, "a/f");
    const char *escapes[] = {"..", "../", "../x", "a/../..", "a/../../x", "a/./../../a/f",
                             "./..", "a/..//..", "/", "/etc/passwd", "/a/f", "//a/f", NULL};
    char self_abs[300];
    snprintf(self_abs, sizeof self_abs, "%s/a/f", guest); /* e.g. "/data/a/f" */
    for (int i = 0; escapes[i]; i++) {
        CHECK_ESCAPE(try_open(dir, 0, escapes[i], 0));
        CHECK_ESCAPE(try_open(dir, FOLLOW, escapes[i], __WASI_OFLAGS_CREAT));
    }
    CHECK_ESCAPE(try_open(dir, 0, self_abs, 0));
    /* Staying inside with ".." is fine. */
    CHECK_OK(try_open(dir, 0, "a/../a/f", 0));
    CHECK_OK(try_open(dir, 0, "a/..", __WASI_OFLAGS_DIRECTORY));

    __wasi_filestat_t st;
    char buf[64];
    __wasi_size_t n;
    CHECK_ESCAPE(__wasi_path_filestat_get(dir, 0, "..", &st));
    CHECK_ESCAPE(__wasi_path_filestat_get(dir, FOLLOW, "/", &st));
    CHECK_ESCAPE(__wasi_path_filestat_set_times(dir, 0, "..", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    CHECK_ESCAPE(__wasi_path_create_directory(dir, "../escaped"));
    CHECK_ESCAPE(__wasi_path_create_directory(dir, "/escaped"));
    CHECK_ESCAPE(__wasi_path_remove_directory(dir, ".."));
    CHECK_ESCAPE(__wasi_path_remove_directory(dir, "a/../.."));
    CHECK_ESCAPE(__wasi_path_unlink_file(dir, "../x"));
    CHECK_ESCAPE(__wasi_path_unlink_file(dir, "/a/f"));
    CHECK_ESCAPE(__wasi_path_rename(dir, "a/f", dir, "../f"));
    CHECK_ESCAPE(__wasi_path_rename(dir, "../f", dir, "g"));
    CHECK_ESCAPE(__wasi_path_rename(dir, "a/f", dir, "/f"));
    CHECK(path_exists(dir, "a/f"));
    CHECK_ESCAPE(__wasi_path_link(dir, 0, "a/f", dir, "../f"));
    CHECK_ESCAPE(__wasi_path_link(dir, 0, "../f", dir, "g"));
    CHECK_ESCAPE(__wasi_path_symlink("a/f", dir, "../s"));
    CHECK_ESCAPE(__wasi_path_symlink("a/f", dir, "/s"));
    CHECK_ESCAPE(__wasi_path_readlink(dir, "../s", (uint8_t *)buf, sizeof buf, &n));
    CHECK(!path_exists(dir, "g"));
}

static void test_symlinks_out(__wasi_fd_t dir) {
    const char *targets[] = {"..", "../..", "../outside", "a/../../outside", "/", "/etc", "/etc/passwd", NULL};
    char name[16];
    for (int i = 0; targets[i]; i++) {
        snprintf(name, sizeof name, "out%d", i);
        __wasi_errno_t e = __wasi_path_symlink(targets[i], dir, name);
        if (e != 0) {
            CHECK_ESCAPE(e); /* refusing at creation is allowed */
            continue;
        }
        conf_checks++;
        /* Created: the link itself is visible, following it is refused. */
        CHECK_EQ(stat_path(dir, 0, name).filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
        char buf[64];
        __wasi_size_t n;
        CHECK_OK(__wasi_path_readlink(dir, name, (uint8_t *)buf, sizeof buf, &n));
        CHECK_EQ(n, strlen(targets[i]));
        CHECK_ESCAPE(try_open(dir, FOLLOW, name, 0));
        CHECK_ESCAPE(try_open(dir, FOLLOW, name, __WASI_OFLAGS_DIRECTORY));
        char through[32];
        snprintf(through, sizeof through, "%s/x", name);
        CHECK_ESCAPE(try_open(dir, 0, through, 0)); /* symlinks mid-path are always followed */
        CHECK_ESCAPE(try_open(dir, 0, through, __WASI_OFLAGS_CREAT));
        __wasi_filestat_t st;
        CHECK_ESCAPE(__wasi_path_filestat_get(dir, FOLLOW, name, &st));
        CHECK_ESCAPE(__wasi_path_create_directory(dir, through));
        /* Removing the link is fine: it is inside. */
        CHECK_OK(__wasi_path_unlink_file(dir, name));
    }
    /* wasmtime (preview1_symlink_create): a symlink to "/" cannot be created. */
    CHECK(__wasi_path_symlink("/", dir, "root") != 0);
}

static void test_sub_descriptor_is_a_root(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "sub"));
    CHECK_OK(__wasi_path_create_directory(dir, "sub/inner"));
    create_file(dir, "sibling");
    __wasi_fd_t sub = open_dir(dir, "sub");
    CHECK_ESCAPE(try_open(sub, 0, "../sibling", 0));
    CHECK_ESCAPE(try_open(sub, 0, "inner/../../sibling", 0));
    CHECK_ESCAPE(try_open(sub, 0, "..", __WASI_OFLAGS_DIRECTORY));
    __wasi_filestat_t st;
    CHECK_ESCAPE(__wasi_path_filestat_get(sub, 0, "../sibling", &st));
    CHECK_OK(try_open(sub, 0, "inner/..", __WASI_OFLAGS_DIRECTORY));
    /* A symlink inside sub that climbs to the preopen: fine from the preopen, an escape from sub. */
    __wasi_errno_t e = __wasi_path_symlink("../sibling", sub, "up");
    if (e == 0) {
        conf_checks++;
        CHECK_OK(try_open(dir, FOLLOW, "sub/up", 0));
        CHECK_ESCAPE(try_open(sub, FOLLOW, "up", 0));
    } else {
        CHECK_ESCAPE(e);
    }
    CHECK_OK(__wasi_fd_close(sub));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("path_escape", argc, argv);
    RUN(test_dotdot_and_absolute, dir, argc > 1 ? argv[1] : "/data");
    RUN(test_symlinks_out, dir);
    RUN(test_sub_descriptor_is_a_root, dir);
    return conf_done();
}
