/*
 * malloc-bomb: plugin_process allocates 1 MiB blocks, touching each, until malloc returns NULL,
 * then gives up with -1, as a careful C program would. Under a memory limit the host reports
 * MEMORY_LIMIT rather than the -1.
 */
#include <stdlib.h>
#include <string.h>

#include "tarbox_plugin.h"

static const char MANIFEST[] =
    "{\"name\":\"malloc-bomb\",\"version\":\"1.0.0\",\"description\":\"allocates until refused\","
    "\"config\":[],\"paths\":[]}";

static char *volatile keep;

TARBOX_EXPORT(alloc)
void *alloc(int32_t size) { return malloc((size_t)size); }

TARBOX_EXPORT(plugin_manifest)
int32_t plugin_manifest(char *out, int32_t out_cap) {
    int32_t len = (int32_t)(sizeof MANIFEST - 1);
    if (len <= out_cap) memcpy(out, MANIFEST, (size_t)len);
    return len;
}

TARBOX_EXPORT(plugin_init)
int32_t plugin_init(void) { return 0; }

TARBOX_EXPORT(plugin_process)
int32_t plugin_process(const char *ctx, int32_t ctx_len, const char *data, int32_t data_len, char *out,
                       int32_t out_cap) {
    (void)ctx, (void)ctx_len, (void)data, (void)data_len, (void)out, (void)out_cap;
    for (;;) {
        char *block = malloc(1 << 20);
        keep = block; /* volatile: the compiler may not drop the allocation */
        if (block == NULL) {
            host_log(TARBOX_ERROR, "out of memory", 13);
            return -1;
        }
        memset(block, 1, 1 << 20);
    }
}
