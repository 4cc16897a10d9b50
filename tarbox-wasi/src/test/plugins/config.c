/*
 * config: looks up the config key given as input with host_get_config into an 8-byte buffer and
 * reports "get=R|VALUE", R being the result and VALUE what was written, if anything. Declares the
 * keys "greeting" and "long".
 */
#include <string.h>

#include "tarbox_plugin.h"

static const char MANIFEST[] =
    "{\"name\":\"config\",\"version\":\"1.0.0\",\"description\":\"reports what host_get_config says\","
    "\"config\":[\"greeting\",\"long\"],\"paths\":[]}";

TARBOX_EXPORT(plugin_manifest)
int32_t plugin_manifest(char *out, int32_t out_cap) {
    int32_t len = (int32_t)(sizeof MANIFEST - 1);
    if (len <= out_cap) memcpy(out, MANIFEST, (size_t)len);
    return len;
}

TARBOX_EXPORT(plugin_init)
int32_t plugin_init(void) { return 0; }

TARBOX_EXPORT(plugin_process)
int32_t plugin_process(const char *ctx, int32_t ctx_len, const char *key, int32_t key_len, char *out,
                       int32_t out_cap) {
    (void)ctx;
    (void)ctx_len;
    static char value[8];
    static char report[32];
    int32_t got = host_get_config(key, key_len, value, sizeof value);
    int n = 0;
    memcpy(report, "get=", 4);
    n += 4;
    if (got < 0) report[n++] = '-';
    int32_t magnitude = got < 0 ? -got : got;
    char digits[12];
    int d = 0;
    do {
        digits[d++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    while (d > 0) report[n++] = digits[--d];
    report[n++] = '|';
    if (got > 0 && got <= (int32_t)sizeof value) {
        memcpy(report + n, value, (size_t)got);
        n += got;
    }
    if (n <= out_cap) memcpy(out, report, (size_t)n);
    return n;
}
