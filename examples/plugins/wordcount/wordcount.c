/*
 * wordcount: counts the lines, words and bytes of its input, like wc(1).
 *
 * Config: "format" = "json" (default) or "text".
 * Output (json): {"lines":2,"words":5,"bytes":27}
 * Output (text):        2       5      27
 */
#include <stdlib.h>
#include <string.h>

#include "tarbox_plugin.h"

static const char MANIFEST[] =
    "{\"name\":\"wordcount\",\"version\":\"1.0.0\","
    "\"description\":\"Counts lines, words and bytes of the input, like wc\","
    "\"config\":[\"format\"],\"paths\":[]}";

static int text_format;

static void log_str(int32_t level, const char *msg) { host_log(level, msg, (int32_t)strlen(msg)); }

/* Writes n in decimal at out; returns the number of digits. */
static int put_number(char *out, long long n) {
    char digits[24];
    int len = 0;
    do {
        digits[len++] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    for (int i = 0; i < len; i++) out[i] = digits[len - 1 - i];
    return len;
}

static int put_str(char *out, const char *s) {
    int len = (int)strlen(s);
    memcpy(out, s, (size_t)len);
    return len;
}

/* Right-aligns n in a field of width 8, as wc does. */
static int put_padded(char *out, long long n) {
    char tmp[24];
    int len = put_number(tmp, n);
    int pad = len < 8 ? 8 - len : 0;
    memset(out, ' ', (size_t)pad);
    memcpy(out + pad, tmp, (size_t)len);
    return pad + len;
}

TARBOX_EXPORT(alloc)
void *alloc(int32_t size) { return malloc((size_t)size); }

TARBOX_EXPORT(plugin_manifest)
int32_t plugin_manifest(char *out, int32_t out_cap) {
    int32_t len = (int32_t)(sizeof MANIFEST - 1);
    if (len <= out_cap) memcpy(out, MANIFEST, (size_t)len);
    return len;
}

TARBOX_EXPORT(plugin_init)
int32_t plugin_init(void) {
    char format[16];
    int32_t len = host_get_config("format", 6, format, sizeof format);
    if (len == TARBOX_NOT_FOUND) return 0; /* default: json */
    if (len == 4 && memcmp(format, "json", 4) == 0) return 0;
    if (len == 4 && memcmp(format, "text", 4) == 0) {
        text_format = 1;
        return 0;
    }
    log_str(TARBOX_ERROR, "config \"format\" must be \"json\" or \"text\"");
    return 1;
}

TARBOX_EXPORT(plugin_process)
int32_t plugin_process(const char *ctx, int32_t ctx_len, const char *data, int32_t data_len, char *out,
                       int32_t out_cap) {
    (void)ctx;
    (void)ctx_len;
    long long lines = 0, words = 0;
    int in_word = 0;
    for (int32_t i = 0; i < data_len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n') lines++;
        int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
        if (space) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    char result[128];
    int n = 0;
    if (text_format) {
        n += put_padded(result + n, lines);
        n += put_padded(result + n, words);
        n += put_padded(result + n, data_len);
    } else {
        n += put_str(result + n, "{\"lines\":");
        n += put_number(result + n, lines);
        n += put_str(result + n, ",\"words\":");
        n += put_number(result + n, words);
        n += put_str(result + n, ",\"bytes\":");
        n += put_number(result + n, data_len);
        n += put_str(result + n, "}");
    }
    result[n++] = '\n';
    if (n <= out_cap) memcpy(out, result, (size_t)n);
    return n;
}
