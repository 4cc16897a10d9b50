/*
 * The Tarbox plugin ABI for C (docs/plugins.md is the full description).
 *
 * A plugin exports:
 *   int32_t plugin_init(void);                                   0 = ready, anything else = failure
 *   int32_t plugin_manifest(char *out, int32_t out_cap);         manifest JSON length
 *   int32_t plugin_process(const char *ctx, int32_t ctx_len,
 *                          const char *data, int32_t data_len,
 *                          char *out, int32_t out_cap);          output length, or < 0 on failure
 * and optionally:
 *   void   *alloc(int32_t size);                                 where the host puts arguments
 *   void    plugin_destroy(void);
 * plus its memory as "memory".
 *
 * Length convention, both ways: a result longer than out_cap is not written; its length is
 * returned instead, and the caller may ask again with a buffer at least that big.
 */
#ifndef TARBOX_PLUGIN_H
#define TARBOX_PLUGIN_H

#include <stdint.h>

#define TARBOX_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define TARBOX_EXPORT(name) __attribute__((export_name(#name)))

/* Codes host functions return instead of a length. */
#define TARBOX_BAD_POINTER (-1) /* a pointer or length outside the plugin's memory */
#define TARBOX_NOT_GRANTED (-2) /* path not granted, or config key not in the manifest */
#define TARBOX_NOT_FOUND   (-3) /* no such file or config value */
#define TARBOX_NOT_A_FILE  (-4) /* a directory or other non-regular file */
#define TARBOX_INVALID     (-5) /* relative path, "..", bad UTF-8, unknown log level */
#define TARBOX_TOO_LARGE   (-6) /* file of 2 GiB or more */
#define TARBOX_IO_ERROR    (-7) /* the storage failed */

/* host_log levels */
#define TARBOX_DEBUG 0
#define TARBOX_INFO  1
#define TARBOX_WARN  2
#define TARBOX_ERROR 3

/* Returns 0, or a negative code. */
TARBOX_IMPORT(host_log)
int32_t host_log(int32_t level, const char *msg, int32_t len);

/* Copies the value of a config key declared in the manifest to out; returns its length. */
TARBOX_IMPORT(host_get_config)
int32_t host_get_config(const char *key, int32_t key_len, char *out, int32_t out_cap);

/* Copies a granted file (absolute path in the tenant's tree) to out; returns its length. */
TARBOX_IMPORT(host_read_file)
int32_t host_read_file(const char *path, int32_t path_len, char *out, int32_t out_cap);

/* 1 if the granted path exists, 0 if not, or a negative code. */
TARBOX_IMPORT(host_file_exists)
int32_t host_file_exists(const char *path, int32_t path_len);

/* Size of a granted regular file, or a negative code. */
TARBOX_IMPORT(host_file_size)
int64_t host_file_size(const char *path, int32_t path_len);

#endif
