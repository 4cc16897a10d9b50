/*
 * ztool: drives zlib 1.2.13 and its minigzip tool (unchanged sources from Debian's zlib
 * package, see README.md) over files under a WASI preopen, and prints sizes and checksums.
 *
 *   ztool [ROOT]      ROOT defaults to /data, a writable and initially empty preopen
 *
 * 1. writes deterministic inputs: ~400 KB of text, 256 KB of incompressible bytes, an empty
 *    file and a file in a subdirectory;
 * 2. for each, at levels 1, 6 and 9 and with the filtered / huffman-only / RLE strategies,
 *    runs `minigzip -N FILE` (FILE -> FILE.gz, FILE removed) and `minigzip -d FILE.gz`
 *    (back, FILE.gz removed), checking the round trip byte for byte;
 * 3. writes and reads a .gz file through gzprintf / gzgets / gzseek / gzungetc;
 * 4. round-trips a buffer through compress2 / uncompress and streaming deflate / inflate;
 * 5. lists the directory.
 *
 * Every step prints one line; the output of a correct host is fixed (compare with the peer).
 * Exit 0 and "ztool: all round trips ok" on success, exit 1 with a message otherwise.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zlib.h"

int minigzip_main(int argc, char *argv[]);

static char root[512];

static void die(const char *what, const char *path) {
    printf("ztool: FAIL %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void path_of(char *out, size_t cap, const char *name) {
    snprintf(out, cap, "%s/%s", root, name);
}

static unsigned long long lcg_state = 0x5eed1234abcdULL;
static unsigned lcg(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(lcg_state >> 33);
}

static unsigned char *make_text(size_t size) {
    static const char *words[] = {"the", "database", "keeps", "every", "file", "in", "a",
                                  "table", "of", "chunks", "and", "WebAssembly", "programs",
                                  "see", "only", "their", "preopened", "directory", "while",
                                  "snapshots", "freeze", "layers", "compression", "works",
                                  "well", "on", "repeated", "words", "like", "these"};
    unsigned char *buf = malloc(size);
    size_t at = 0;
    int col = 0;
    while (at < size) {
        const char *w = words[lcg() % (sizeof words / sizeof words[0])];
        size_t len = strlen(w);
        for (size_t i = 0; i < len && at < size; i++) buf[at++] = (unsigned char)w[i];
        col += (int)len + 1;
        if (at < size) buf[at++] = col > 70 ? '\n' : ' ';
        if (col > 70) col = 0;
    }
    return buf;
}

static unsigned char *make_noise(size_t size) {
    unsigned char *buf = malloc(size);
    for (size_t i = 0; i < size; i++) buf[i] = (unsigned char)(lcg() >> 7);
    return buf;
}

static void write_whole(const char *name, const unsigned char *data, size_t size) {
    char path[1024];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) die("fopen", path);
    if (size && fwrite(data, 1, size, f) != size) die("fwrite", path);
    if (fclose(f) != 0) die("fclose", path);
}

static unsigned char *read_whole(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) die("fopen", path);
    size_t cap = 1 << 16, len = 0, n;
    unsigned char *buf = malloc(cap);
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    if (ferror(f)) die("fread", path);
    fclose(f);
    *size = len;
    return buf;
}

static long file_size(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    return (long)st.st_size;
}

static void round_trip(const char *name, const char *mode) {
    char path[1024], gz[1040];
    path_of(path, sizeof path, name);
    snprintf(gz, sizeof gz, "%s.gz", path);
    size_t before_len;
    unsigned char *before = read_whole(path, &before_len);

    char *cargs[] = {"minigzip", (char *)mode, path, NULL};
    minigzip_main(3, cargs);
    if (file_size(path) != -1) { printf("ztool: FAIL %s still exists after compression\n", path); exit(1); }
    long gz_size = file_size(gz);
    if (gz_size <= 0) { printf("ztool: FAIL %s missing\n", gz); exit(1); }

    char *dargs[] = {"minigzip", "-d", gz, NULL};
    minigzip_main(3, dargs);
    if (file_size(gz) != -1) { printf("ztool: FAIL %s still exists after decompression\n", gz); exit(1); }
    size_t after_len;
    unsigned char *after = read_whole(path, &after_len);
    uLong crc_after = crc32(0L, after, (uInt)after_len);
    if (after_len != before_len || memcmp(before, after, before_len) != 0) {
        printf("ztool: FAIL %s differs after the round trip\n", name);
        exit(1);
    }
    printf("%-16s %-3s %8lu -> %8ld bytes, crc32 %08lx ok\n", name, mode, (unsigned long)before_len,
           gz_size, crc_after);
    free(before);
    free(after);
}

static void gz_api(void) {
    char path[1024];
    path_of(path, sizeof path, "api.gz");
    gzFile g = gzopen(path, "wb9");
    if (g == NULL) die("gzopen", path);
    for (int i = 0; i < 2000; i++) gzprintf(g, "line %04d of the gz api test %d\n", i, i * i);
    if (gzclose(g) != Z_OK) die("gzclose", path);
    g = gzopen(path, "rb");
    if (g == NULL) die("gzopen", path);
    char line[128];
    int lines = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    while (gzgets(g, line, sizeof line) != NULL) {
        crc = crc32(crc, (const Bytef *)line, (uInt)strlen(line));
        lines++;
    }
    gzrewind(g);
    if (gzseek(g, 5L * 37, SEEK_SET) != 5L * 37) die("gzseek", path); /* forward, in the stream */
    int c = gzgetc(g);
    gzungetc(c, g);
    if (gzgets(g, line, sizeof line) == NULL) die("gzgets", path);
    line[strcspn(line, "\n")] = 0;
    gzclose(g);
    printf("gz api: %d lines, crc32 %08lx, compressed %ld bytes, after seek \"%s\"\n", lines, crc,
           file_size(path), line);
}

static void memory_apis(const unsigned char *text, size_t len) {
    uLongf clen = compressBound((uLong)len);
    unsigned char *c = malloc(clen);
    if (compress2(c, &clen, text, (uLong)len, 9) != Z_OK) { printf("ztool: FAIL compress2\n"); exit(1); }
    uLongf dlen = (uLongf)len;
    unsigned char *d = malloc(len);
    if (uncompress(d, &dlen, c, clen) != Z_OK || dlen != len || memcmp(d, text, len) != 0) {
        printf("ztool: FAIL uncompress\n");
        exit(1);
    }
    printf("compress2/uncompress: %lu -> %lu bytes, adler32 %08lx ok\n", (unsigned long)len,
           (unsigned long)clen, adler32(1L, text, (uInt)len));
    /* Streaming raw deflate in 1000-byte pieces, inflated in 777-byte pieces. */
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    unsigned char *out = malloc(len + 1024);
    s.next_out = out;
    s.avail_out = (uInt)(len + 1024);
    for (size_t at = 0; at < len; at += 1000) {
        s.next_in = (Bytef *)text + at;
        s.avail_in = (uInt)(len - at < 1000 ? len - at : 1000);
        deflate(&s, at + 1000 >= len ? Z_FINISH : Z_NO_FLUSH);
    }
    size_t raw = s.total_out;
    deflateEnd(&s);
    memset(&s, 0, sizeof s);
    inflateInit2(&s, -15);
    s.next_in = out;
    s.avail_in = (uInt)raw;
    size_t got = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        s.next_out = d + got;
        s.avail_out = (uInt)(len - got < 777 ? len - got : 777);
        rc = inflate(&s, Z_NO_FLUSH);
        got = s.total_out;
    }
    inflateEnd(&s);
    if (rc != Z_STREAM_END || got != len || memcmp(d, text, len) != 0) {
        printf("ztool: FAIL streaming inflate (%d)\n", rc);
        exit(1);
    }
    printf("streaming deflate/inflate: %lu -> %lu bytes ok\n", (unsigned long)len, (unsigned long)raw);
    free(c);
    free(d);
    free(out);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(void) {
    DIR *d = opendir(root);
    if (d == NULL) die("opendir", root);
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++) {
        char path[1024];
        path_of(path, sizeof path, names[i]);
        struct stat st;
        if (stat(path, &st) != 0) die("stat", path);
        if (S_ISDIR(st.st_mode))
            printf("  %-12s %8s\n", names[i], "<dir>");
        else
            printf("  %-12s %8ld\n", names[i], (long)st.st_size);
    }
}

int main(int argc, char **argv) {
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : "/data");
    printf("zlib %s\n", zlibVersion());
    unsigned char *text = make_text(400 * 1000);
    unsigned char *noise = make_noise(256 * 1024);
    write_whole("text.txt", text, 400 * 1000);
    write_whole("noise.bin", noise, 256 * 1024);
    write_whole("empty.txt", (const unsigned char *)"", 0);
    char sub[1024];
    path_of(sub, sizeof sub, "sub");
    if (mkdir(sub, 0755) != 0) die("mkdir", sub);
    write_whole("sub/nested.txt", text, 12345);

    const char *modes[] = {"-1", "-6", "-9", "-f", "-h", "-r"};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) round_trip("text.txt", modes[m]);
    round_trip("noise.bin", "-6");
    round_trip("empty.txt", "-6");
    round_trip("sub/nested.txt", "-9");
    gz_api();
    memory_apis(text, 400 * 1000);
    list_dir();
    printf("ztool: all round trips ok\n");
    return 0;
}
