/*
 * clock_random: clock_res_get and clock_time_get for REALTIME and MONOTONIC (plausible values,
 * monotonic never goes back and follows a sleep), the CPU-time clocks (BADF in wasmtime), an
 * unknown clock id (INVAL); random_get of 0 bytes, of a large buffer (not constant, bytes
 * spread evenly, two calls differ). Ports wasmtime preview1_clock_time_get and
 * preview1_big_random_buf.
 *
 * Runner: args ["/data"], writable preopen /data. Expected: exit 0, stdout "PASS clock_random".
 */
#include "conformance.h"
#include <time.h>

static void sleep_ns(__wasi_timestamp_t ns) {
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 1;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = ns;
    __wasi_event_t ev;
    __wasi_size_t n;
    CHECK_OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
}

static void test_clocks(void) {
    __wasi_timestamp_t res, t;
    CHECK_OK(__wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &res));
    CHECK(res > 0 && res <= 1000000000ull);
    CHECK_OK(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res));
    CHECK(res > 0 && res <= 1000000000ull);
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 0, &t));
    CHECK(t > 1577836800ull * 1000000000ull);  /* after 2020-01-01 */
    CHECK(t < 4102444800ull * 1000000000ull);  /* before 2100-01-01 */
    /* The precision argument is a hint; any value is accepted. */
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, UINT64_MAX, &t));
    __wasi_timestamp_t prev = 0, now;
    for (int i = 0; i < 1000; i++) {
        CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &now));
        CHECK(now >= prev);
        prev = now;
    }
    __wasi_timestamp_t before, after, wall_before, wall_after;
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &before));
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &wall_before));
    sleep_ns(20000000ull);
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &after));
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &wall_after));
    CHECK(after - before >= 20000000ull);
    CHECK(after - before < 10000000000ull);
    CHECK(wall_after > wall_before);
    /* wasmtime has no CPU-time clocks: BADF. */
    if (!peer_skips("node", "uvwasi implements the CPU-time clocks")) {
        CHECK_ERRNO(__wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &res), __WASI_ERRNO_BADF);
        CHECK_ERRNO(__wasi_clock_res_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, &res), __WASI_ERRNO_BADF);
        CHECK_ERRNO(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 0, &t), __WASI_ERRNO_BADF);
        CHECK_ERRNO(__wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 0, &t), __WASI_ERRNO_BADF);
    }
    if (!peer_skips("component", "the preview 1 adapter answers BADF for a clock id outside the enum")) {
        CHECK_ERRNO(__wasi_clock_res_get(4, &res), __WASI_ERRNO_INVAL);
        CHECK_ERRNO(__wasi_clock_time_get(99, 0, &t), __WASI_ERRNO_INVAL);
    }
    /* libc's clock_gettime sits on the same calls. */
    struct timespec ts;
    CHECK_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
    CHECK(ts.tv_sec > 1577836800);
}

static void test_random(void) {
    uint8_t small[16];
    memset(small, 0xAA, sizeof small);
    CHECK_OK(__wasi_random_get(small, 0));
    CHECK_EQ(small[0], 0xAA); /* 0 bytes: nothing written */
    enum { N = 1 << 20 };
    uint8_t *a = malloc(N), *b = malloc(N);
    memset(a, 0, N);
    memset(b, 0, N);
    CHECK_OK(__wasi_random_get(a, N));
    CHECK_OK(__wasi_random_get(b, N));
    CHECK(memcmp(a, b, N) != 0);
    static unsigned counts[256];
    for (size_t i = 0; i < N; i++) counts[a[i]]++;
    unsigned lo = UINT32_MAX, hi = 0;
    for (int v = 0; v < 256; v++) {
        if (counts[v] < lo) lo = counts[v];
        if (counts[v] > hi) hi = counts[v];
    }
    /* 4096 expected per value; 3500..4700 is about 9 standard deviations. */
    CHECK(lo > 3500);
    CHECK(hi < 4700);
    /* Odd sizes and offsets too. */
    CHECK_OK(__wasi_random_get(a + 1, 3));
    free(a);
    free(b);
}

int main(int argc, char **argv) {
    conf_init("clock_random", argc, argv);
    RUN(test_clocks);
    RUN(test_random);
    return conf_done();
}
