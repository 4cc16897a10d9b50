/*
 * fd_readdir: "." and ".." entries, d_type and d_ino matching fd_filestat_get, d_next cookies
 * that resume a listing, a buffer that truncates the last entry (bufused == buf_len means
 * "maybe more"), 1000 entries read with a small buffer, a multi-byte UTF-8 name, listing after
 * unlink, and fd_readdir on a file (BADF in wasmtime). Port of wasmtime preview1_fd_readdir.
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS fd_readdir".
 */
#include "conformance.h"

#define MAX_ENTRIES 1100

typedef struct {
    __wasi_dirent_t d;
    char name[256];
} entry_t;

static entry_t entries[MAX_ENTRIES];

/* One fd_readdir call into a buffer of buf_len bytes; parses whole entries; returns count. */
static int readdir_once(__wasi_fd_t fd, __wasi_dircookie_t cookie, size_t buf_len, int *eof) {
    static uint8_t buf[65536];
    __wasi_size_t used = 0;
    CHECK_OK(__wasi_fd_readdir(fd, buf, (__wasi_size_t)buf_len, cookie, &used));
    CHECK(used <= buf_len);
    *eof = used < buf_len;
    int n = 0;
    size_t at = 0;
    while (at + sizeof(__wasi_dirent_t) <= used && n < MAX_ENTRIES) {
        memcpy(&entries[n].d, buf + at, sizeof(__wasi_dirent_t));
        size_t len = entries[n].d.d_namlen;
        if (at + sizeof(__wasi_dirent_t) + len > used) break; /* truncated last entry */
        memcpy(entries[n].name, buf + at + sizeof(__wasi_dirent_t), len);
        entries[n].name[len] = 0;
        at += sizeof(__wasi_dirent_t) + len;
        n++;
    }
    return n;
}

static int find(int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(entries[i].name, name) == 0) return i;
    return -1;
}

/* Node's uvwasi (libuv) leaves out "." and ".."; wasmtime lists them first. */
static int dots(void) {
    const char *p = getenv("CONFORMANCE_PEER");
    return p != NULL && strcmp(p, "node") == 0 ? 0 : 2;
}

static void test_empty_and_small(__wasi_fd_t dir) {
    __wasi_filestat_t dst;
    CHECK_OK(__wasi_fd_filestat_get(dir, &dst));
    int eof;
    int n = readdir_once(dir, 0, 4096, &eof);
    CHECK(eof);
    if (!peer_skips("node", "uvwasi does not list . and ..")) {
        CHECK_EQ(n, 2);
        int dot = find(n, "."), dotdot = find(n, "..");
        CHECK(dot >= 0 && dotdot >= 0);
        CHECK_EQ(entries[dot].d.d_type, __WASI_FILETYPE_DIRECTORY);
        CHECK_EQ(entries[dot].d.d_ino, dst.ino);
        CHECK_EQ(entries[dot].d.d_namlen, 1);
        CHECK_EQ(entries[dotdot].d.d_type, __WASI_FILETYPE_DIRECTORY);
    } else {
        CHECK_EQ(n, 0);
    }

    __wasi_fd_t f = open_file(dir, "file", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    __wasi_filestat_t fst;
    CHECK_OK(__wasi_fd_filestat_get(f, &fst));
    CHECK_OK(__wasi_fd_close(f));
    CHECK_OK(__wasi_path_create_directory(dir, "nested"));
    __wasi_fd_t nested = open_dir(dir, "nested");
    __wasi_filestat_t nst;
    CHECK_OK(__wasi_fd_filestat_get(nested, &nst));
    CHECK_OK(__wasi_path_symlink("file", dir, "link"));

    n = readdir_once(dir, 0, 4096, &eof);
    CHECK(eof);
    CHECK_EQ(n, 3 + dots());
    int i = find(n, "file");
    CHECK(i >= 0);
    CHECK_EQ(entries[i].d.d_type, __WASI_FILETYPE_REGULAR_FILE);
    if (!peer_skips("node", "uvwasi reports d_ino 0"))
        CHECK_EQ(entries[i].d.d_ino, fst.ino);
    i = find(n, "nested");
    CHECK(i >= 0);
    CHECK_EQ(entries[i].d.d_type, __WASI_FILETYPE_DIRECTORY);
    if (!peer_skips("node", "uvwasi reports d_ino 0"))
        CHECK_EQ(entries[i].d.d_ino, nst.ino);
    i = find(n, "link");
    CHECK(i >= 0);
    CHECK_EQ(entries[i].d.d_type, __WASI_FILETYPE_SYMBOLIC_LINK);

    /* Resuming from the d_next of entry k lists exactly the entries after k. */
    entry_t all[8];
    memcpy(all, entries, sizeof(entry_t) * (size_t)n);
    for (int k = 0; k < n; k++) {
        int m = readdir_once(dir, all[k].d.d_next, 4096, &eof);
        CHECK(eof);
        CHECK_EQ(m, n - k - 1);
        if (m > 0) CHECK(strcmp(entries[0].name, all[k + 1].name) == 0);
    }
    /* The last cookie is the end: nothing more. */
    CHECK_EQ(readdir_once(dir, all[n - 1].d.d_next, 4096, &eof), 0);
    CHECK(eof);

    /* A nested directory lists as empty. */
    n = readdir_once(nested, 0, 4096, &eof);
    CHECK_EQ(n, dots());
    CHECK_OK(__wasi_fd_close(nested));

    /* A buffer too small for one entry is filled completely: bufused == buf_len. */
    uint8_t tiny[30];
    __wasi_size_t used = 0;
    CHECK_OK(__wasi_fd_readdir(dir, tiny, sizeof tiny, 0, &used));
    CHECK_EQ(used, sizeof tiny);
    CHECK_OK(__wasi_fd_readdir(dir, tiny, 10, 0, &used));
    CHECK_EQ(used, 10);
    CHECK_OK(__wasi_fd_readdir(dir, tiny, 0, 0, &used));
    CHECK_EQ(used, 0);

    /* After unlinking, the entry is gone. */
    CHECK_OK(__wasi_path_unlink_file(dir, "link"));
    n = readdir_once(dir, 0, 4096, &eof);
    CHECK_EQ(n, 2 + dots());
    CHECK(find(n, "link") < 0);
    CHECK_OK(__wasi_path_unlink_file(dir, "file"));
    CHECK_OK(__wasi_path_remove_directory(dir, "nested"));
}

static void test_lots(__wasi_fd_t dir) {
    CHECK_OK(__wasi_path_create_directory(dir, "lots"));
    __wasi_fd_t d = open_dir(dir, "lots");
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "file.%d", i);
        __wasi_fd_t f = open_file(d, name, __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
        CHECK_OK(__wasi_fd_close(f));
    }
    static unsigned char seen[1000];
    memset(seen, 0, sizeof seen);
    int total = 0, calls = 0, eof = 0;
    __wasi_dircookie_t cookie = 0;
    while (!eof) {
        int n = readdir_once(d, cookie, 256, &eof);
        calls++;
        CHECK(n > 0 || eof);
        for (int i = 0; i < n; i++) {
            int k;
            if (sscanf(entries[i].name, "file.%d", &k) == 1 && k >= 0 && k < 1000) {
                CHECK_EQ(seen[k], 0); /* each name exactly once */
                seen[k] = 1;
            }
        }
        total += n;
        if (n > 0) cookie = entries[n - 1].d.d_next;
        if (calls > 2000) break;
    }
    CHECK_EQ(total, 1000 + dots());
    for (int k = 0; k < 1000; k++) CHECK_EQ(seen[k], 1);
    CHECK_OK(__wasi_fd_close(d));
}

static void test_unicode(__wasi_fd_t dir) {
    const char *name = "\xd0\x94\xd0\xb5\xd0\xb9\xd1\x81\xd1\x82\xd0\xb2\xd0\xb8\xd0\xb5"; /* Действие */
    create_file(dir, name);
    int found = 0;
    for (size_t len = 24; len < 4096 && !found; len++) {
        int eof;
        int n = readdir_once(dir, 0, len, &eof);
        if (find(n, name) >= 0) found = 1;
    }
    CHECK(found);
    CHECK_OK(__wasi_path_unlink_file(dir, name));
}

static void test_not_a_dir(__wasi_fd_t dir) {
    __wasi_fd_t f = open_file(dir, "plain", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    uint8_t buf[128];
    __wasi_size_t used;
    if (!peer_skips("node", "uvwasi answers NOTCAPABLE (no FD_READDIR right) for a file")
            && !peer_skips("component", "the preview 1 adapter answers NOTDIR from fd_readdir on a file"))
        CHECK_ERRNO(__wasi_fd_readdir(f, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
    CHECK_OK(__wasi_fd_close(f));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("fd_readdir", argc, argv);
    RUN(test_empty_and_small, dir);
    RUN(test_lots, dir);
    RUN(test_unicode, dir);
    RUN(test_not_a_dir, dir);
    return conf_done();
}
