/*
 * args_environ: args_sizes_get / args_get and environ_sizes_get / environ_get return exactly
 * what the runner passed, byte for byte (UTF-8, empty strings, spaces, '=' in values), with
 * NUL terminators and sizes that add up; the host adds no environment variables of its own.
 *
 * Runner: args ["/data", "alpha", "b\u00e9ta \u00fc", "", "with space", "--flag=x"],
 *   env {"FOO": "bar", "EMPTY": "", "UNICODE": "\u00fc\u20ac", "WITH_EQ": "a=b"}
 *   (a peer runner may add CONFORMANCE_* variables, which are ignored),
 *   writable preopen /data. Expected: exit 0, stdout "PASS args_environ".
 */
#include "conformance.h"

static const char *const want_args[] = {"/data", "alpha", "b\xc3\xa9ta \xc3\xbc", "", "with space", "--flag=x"};
static const char *const want_env[] = {"FOO=bar", "EMPTY=", "UNICODE=\xc3\xbc\xe2\x82\xac", "WITH_EQ=a=b"};
#define NARGS (sizeof want_args / sizeof want_args[0])
#define NENV (sizeof want_env / sizeof want_env[0])

static void test_args(int argc, char **argv) {
    __wasi_size_t count = 0, size = 0;
    CHECK_OK(__wasi_args_sizes_get(&count, &size));
    CHECK_EQ(count, NARGS + 1); /* argv[0] is the program name, whatever the runner calls it */
    char **ptrs = calloc(count + 1, sizeof(char *));
    char *buf = malloc(size + 1);
    memset(buf, 0x7f, size + 1);
    CHECK_OK(__wasi_args_get((uint8_t **)ptrs, (uint8_t *)buf));
    CHECK_EQ(buf[size], 0x7f); /* nothing written past the announced size */
    size_t total = strlen(ptrs[0]) + 1;
    CHECK(ptrs[0] == buf); /* strings are packed from the start of the buffer */
    for (size_t i = 0; i < NARGS; i++) {
        CHECK(strcmp(ptrs[i + 1], want_args[i]) == 0);
        CHECK(ptrs[i + 1] == ptrs[i] + strlen(ptrs[i]) + 1);
        total += strlen(want_args[i]) + 1;
    }
    CHECK_EQ(size, total);
    /* libc's view agrees. */
    CHECK_EQ(argc, NARGS + 1);
    for (size_t i = 0; i < NARGS; i++) CHECK(strcmp(argv[i + 1], want_args[i]) == 0);
    free(ptrs);
    free(buf);
}

static void test_environ(void) {
    __wasi_size_t count = 0, size = 0;
    CHECK_OK(__wasi_environ_sizes_get(&count, &size));
    char **ptrs = calloc(count + 1, sizeof(char *));
    char *buf = malloc(size + 1);
    memset(buf, 0x7f, size + 1);
    CHECK_OK(__wasi_environ_get((uint8_t **)ptrs, (uint8_t *)buf));
    CHECK_EQ(buf[size], 0x7f);
    size_t total = 0, ours = 0;
    int seen[NENV] = {0};
    for (size_t i = 0; i < count; i++) {
        total += strlen(ptrs[i]) + 1;
        CHECK(strchr(ptrs[i], '=') != NULL);
        if (strncmp(ptrs[i], "CONFORMANCE_", 12) == 0) continue;
        ours++;
        for (size_t k = 0; k < NENV; k++)
            if (strcmp(ptrs[i], want_env[k]) == 0) seen[k]++;
    }
    CHECK_EQ(size, total);
    CHECK_EQ(ours, NENV); /* no variables the runner did not ask for */
    for (size_t k = 0; k < NENV; k++) CHECK_EQ(seen[k], 1);
    /* libc's view agrees. */
    CHECK(strcmp(getenv("FOO"), "bar") == 0);
    CHECK(getenv("EMPTY") != NULL && getenv("EMPTY")[0] == 0);
    CHECK(strcmp(getenv("WITH_EQ"), "a=b") == 0);
    CHECK(getenv("HOME") == NULL);
    CHECK(getenv("PATH") == NULL);
    free(ptrs);
    free(buf);
}

int main(int argc, char **argv) {
    conf_init("args_environ", argc, argv);
    RUN(test_args, argc, argv);
    RUN(test_environ);
    return conf_done();
}
