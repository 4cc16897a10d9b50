/*
 * probe: asks the file host functions about the path given as input and reports what they said:
 *   exists=E size=S read=R|CONTENT
 * E, S, R are the results of host_file_exists, host_file_size and host_read_file (a 64-byte
 * buffer); CONTENT is what host_read_file wrote, if anything. Asks for "/data" in its manifest.
 */
#include <string.h>

#include "tarbox_plugin.h"

static const char MANIFEST[] =
    "{\"name\":\"probe\",\"version\":\"1.0.0\",\"description\":\"reports what the file functions say\","
    "\"config\":[],\"paths\":[\"/data\"]}";

static int put_number(char *out, long long n) {
    char digits[24];
    int len = 0, negative = n < 0;
    unsigned long long u = negative ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    do {
        digits[len++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    int o = 0;
    if (negative) out[o++] = '-';
    for (int i = 0; i < len; i++) out[o++] = digits[len - 1 - i];
    return o;
}

static int put_field(char *out, const char *name, long long value) {
    int n = (int)strlen(name);
    memcpy(out, name, (size_t)n);
    return n + put_number(out + n, value);
}

TARBOX_EXPORT(plugin_manifest)
int32_t plugin_manifest(char *out, int32_t out_cap) {
    int32_t len = (int32_t)(sizeof MANIFEST - 1);
    if (len <= out_cap) memcpy(out, MANIFEST, (size_t)len);
    return len;
}

TARBOX_EXPORT(plugin_init)
int32_t plugin_init(void) { return 0; }

TARBOX_EXPORT(plugin_process)
int32_t plugin_process(const char *ctx, int32_t ctx_len, const char *path, int32_t path_len, char *out,
                       int32_t out_cap) {
    (void)ctx;
    (void)ctx_len;
    static char content[64];
    static char report[160];
    int32_t exists = host_file_exists(path, path_len);
    int64_t size = host_file_size(path, path_len);
    int32_t read = host_read_file(path, path_len, content, sizeof content);
    int n = 0;
    n += put_field(report + n, "exists=", exists);
    n += put_field(report + n, " size=", size);
    n += put_field(report + n, " read=", read);
    report[n++] = '|';
    if (read > 0 && read <= (int32_t)sizeof content) {
        memcpy(report + n, content, (size_t)read);
        n += read;
    }
    if (n <= out_cap) memcpy(out, report, (size_t)n);
    return n;
}
