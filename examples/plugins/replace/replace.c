/*
 * replace: find and replace, with the rules read from a file of the tenant's tree.
 *
 * Config: "rules" = absolute path of the rules file (the user must --grant it).
 * Rules file: one rule per line, "FROM<TAB>TO"; empty lines and lines starting with '#' are
 * skipped. At each position of the input the first rule whose FROM matches is applied; the
 * replacement is not scanned again.
 */
#include <stdlib.h>
#include <string.h>

#include "tarbox_plugin.h"

static const char MANIFEST[] =
    "{\"name\":\"replace\",\"version\":\"1.0.0\","
    "\"description\":\"Find and replace, with rules (FROM<TAB>TO lines) read from a file\","
    "\"config\":[\"rules\"],\"paths\":[\"/\"]}";

struct rule {
    const char *from;
    int32_t from_len;
    const char *to;
    int32_t to_len;
};

static char *rules_text;
static struct rule *rules;
static int rule_count;

static void log_str(int32_t level, const char *msg) { host_log(level, msg, (int32_t)strlen(msg)); }

TARBOX_EXPORT(alloc)
void *alloc(int32_t size) { return malloc((size_t)size); }

TARBOX_EXPORT(plugin_manifest)
int32_t plugin_manifest(char *out, int32_t out_cap) {
    int32_t len = (int32_t)(sizeof MANIFEST - 1);
    if (len <= out_cap) memcpy(out, MANIFEST, (size_t)len);
    return len;
}

/* Splits the rules file into rules, in place. Returns 0, or non-zero for a line without a tab. */
static int parse_rules(char *text, int32_t len) {
    int lines = 1;
    for (int32_t i = 0; i < len; i++) lines += text[i] == '\n';
    rules = calloc((size_t)lines, sizeof *rules);
    if (rules == NULL) return 1;
    int32_t start = 0;
    while (start < len) {
        int32_t end = start;
        while (end < len && text[end] != '\n') end++;
        int32_t line_len = end - start;
        if (line_len > 0 && text[start + line_len - 1] == '\r') line_len--;
        if (line_len > 0 && text[start] != '#') {
            char *tab = memchr(text + start, '\t', (size_t)line_len);
            if (tab == NULL || tab == text + start) return 2;
            struct rule *r = &rules[rule_count++];
            r->from = text + start;
            r->from_len = (int32_t)(tab - (text + start));
            r->to = tab + 1;
            r->to_len = line_len - r->from_len - 1;
        }
        start = end + 1;
    }
    return 0;
}

TARBOX_EXPORT(plugin_init)
int32_t plugin_init(void) {
    char path[1024];
    int32_t path_len = host_get_config("rules", 5, path, sizeof path);
    if (path_len < 0) {
        log_str(TARBOX_ERROR, "config \"rules\" (path of the rules file) is required");
        return 2;
    }
    if (path_len > (int32_t)sizeof path) {
        log_str(TARBOX_ERROR, "config \"rules\" is longer than 1024 bytes");
        return 2;
    }
    int64_t size = host_file_size(path, path_len);
    if (size < 0) {
        log_str(TARBOX_ERROR, size == TARBOX_NOT_GRANTED ? "rules file not granted (use --grant)"
                              : size == TARBOX_NOT_FOUND ? "rules file not found"
                                                         : "cannot read the rules file");
        return 3;
    }
    rules_text = malloc((size_t)size + 1);
    if (rules_text == NULL) return 4;
    int32_t read = host_read_file(path, path_len, rules_text, (int32_t)size);
    if (read < 0 || read > size) {
        log_str(TARBOX_ERROR, "rules file changed or could not be read");
        return 3;
    }
    if (parse_rules(rules_text, read) != 0) {
        log_str(TARBOX_ERROR, "rules file: every rule line needs FROM<TAB>TO with a non-empty FROM");
        return 5;
    }
    if (rule_count == 0) log_str(TARBOX_WARN, "rules file has no rules; output equals input");
    return 0;
}

/* The rule matching at data[i], or NULL. */
static const struct rule *match(const char *data, int32_t data_len, int32_t i) {
    for (int r = 0; r < rule_count; r++) {
        if (rules[r].from_len <= data_len - i && memcmp(data + i, rules[r].from, (size_t)rules[r].from_len) == 0) {
            return &rules[r];
        }
    }
    return NULL;
}

TARBOX_EXPORT(plugin_process)
int32_t plugin_process(const char *ctx, int32_t ctx_len, const char *data, int32_t data_len, char *out,
                       int32_t out_cap) {
    (void)ctx;
    (void)ctx_len;
    /* First pass: the output length, so a too small buffer is reported before anything is written. */
    long long needed = 0;
    for (int32_t i = 0; i < data_len;) {
        const struct rule *r = match(data, data_len, i);
        needed += r ? r->to_len : 1;
        i += r ? r->from_len : 1;
    }
    if (needed > 0x7fffffff) return -1;
    if (needed > out_cap) return (int32_t)needed;
    int32_t o = 0;
    for (int32_t i = 0; i < data_len;) {
        const struct rule *r = match(data, data_len, i);
        if (r) {
            memcpy(out + o, r->to, (size_t)r->to_len);
            o += r->to_len;
            i += r->from_len;
        } else {
            out[o++] = data[i++];
        }
    }
    return o;
}

TARBOX_EXPORT(plugin_destroy)
void plugin_destroy(void) {
    free(rules);
    free(rules_text);
}
