/*
 * poll_oneoff: no subscriptions (INVAL); relative MONOTONIC and REALTIME timeouts sleep at
 * least as long as asked; an ABSTIME monotonic deadline; a zero timeout; of two clocks only the
 * earlier fires; FD_READ / FD_WRITE on regular files are ready at once (retrying until each
 * subscription fired); an unknown fd (BADF); an unknown clock id (INVAL).
 * Port of wasmtime preview1_poll_oneoff_files (+ preview1_sleep).
 *
 * Runner: args ["/data"], writable preopen /data (empty). Expected: exit 0, stdout "PASS poll_oneoff".
 */
#include "conformance.h"

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud, __wasi_clockid_t id,
                                       __wasi_timestamp_t timeout, __wasi_subclockflags_t flags) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.flags = flags;
    return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t ud, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = type;
    if (type == __WASI_EVENTTYPE_FD_READ)
        s.u.u.fd_read.file_descriptor = fd;
    else
        s.u.u.fd_write.file_descriptor = fd;
    return s;
}

static __wasi_timestamp_t mono(void) {
    __wasi_timestamp_t t;
    CHECK_OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t));
    return t;
}

static void test_clocks(void) {
    __wasi_event_t ev[4];
    __wasi_size_t n = 99;
    __wasi_subscription_t subs[4];
    CHECK_ERRNO(__wasi_poll_oneoff(subs, ev, 0, &n), __WASI_ERRNO_INVAL);

    const __wasi_timestamp_t ms = 1000000ull;
    __wasi_clockid_t ids[2] = {__WASI_CLOCKID_MONOTONIC, __WASI_CLOCKID_REALTIME};
    for (int i = 0; i < 2; i++) {
        subs[0] = clock_sub(0x12345678, ids[i], 5 * ms, 0);
        memset(ev, 0xff, sizeof ev);
        __wasi_timestamp_t t0 = mono();
        CHECK_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
        __wasi_timestamp_t t1 = mono();
        CHECK_EQ(n, 1);
        CHECK_EQ(ev[0].userdata, 0x12345678);
        CHECK_EQ(ev[0].error, 0);
        CHECK_EQ(ev[0].type, __WASI_EVENTTYPE_CLOCK);
        CHECK(t1 - t0 >= 5 * ms);
    }
    /* Absolute deadline on the monotonic clock. uvwasi (Node 20) treats the timestamp as a
       relative timeout, i.e. it sleeps for the machine's uptime: skipped there. */
    __wasi_timestamp_t t0 = mono();
    if (!peer_skips("node", "uvwasi treats an ABSTIME deadline as a relative timeout (sleeps for hours)")) {
        subs[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, t0 + 10 * ms, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
        CHECK_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
        CHECK_EQ(n, 1);
        CHECK_EQ(ev[0].userdata, 7);
        CHECK(mono() >= t0 + 10 * ms);
        /* A deadline in the past fires at once. */
        subs[0] = clock_sub(8, __WASI_CLOCKID_MONOTONIC, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
        t0 = mono();
        CHECK_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
        CHECK_EQ(n, 1);
        CHECK(mono() - t0 < 1000 * ms);
    }
    /* Zero timeout. */
    subs[0] = clock_sub(9, __WASI_CLOCKID_MONOTONIC, 0, 0);
    CHECK_OK(__wasi_poll_oneoff(subs, ev, 1, &n));
    CHECK_EQ(n, 1);
    CHECK_EQ(ev[0].userdata, 9);
    /* Two clocks: only the earlier one fires. */
    subs[0] = clock_sub(100, __WASI_CLOCKID_MONOTONIC, 5000 * ms, 0);
    subs[1] = clock_sub(200, __WASI_CLOCKID_MONOTONIC, 10 * ms, 0);
    t0 = mono();
    CHECK_OK(__wasi_poll_oneoff(subs, ev, 2, &n));
    CHECK_EQ(n, 1);
    CHECK_EQ(ev[0].userdata, 200);
    CHECK(mono() - t0 < 4000 * ms);
    /* An unknown clock id. */
    subs[0] = clock_sub(1, 99, ms, 0);
    if (!peer_skips("node", "uvwasi accepts an unknown clock id and reports the event as fired"))
        CHECK_ERRNO(__wasi_poll_oneoff(subs, ev, 1, &n), __WASI_ERRNO_INVAL);
}

static void test_files(__wasi_fd_t dir) {
    __wasi_event_t ev[2];
    __wasi_size_t n = 0;
    /* Unknown descriptors: the whole call fails with BADF. */
    __wasi_subscription_t bad[2] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, 0xffffffffu),
                                    fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, 0xffffffffu)};
    if (!peer_skips("node", "polling fd 0xffffffff crashes Node 20 (SIGSEGV in uvwasi)"))
        CHECK_ERRNO(__wasi_poll_oneoff(bad, ev, 2, &n), __WASI_ERRNO_BADF);
    /* uvwasi polls through libuv/epoll, which refuses regular files (PERM). */
    if (peer_skips("node", "uvwasi cannot poll regular files (PERM from epoll)")) return;
    write_file(dir, "readable", "x");
    __wasi_fd_t r = open_file(dir, "readable", 0, RIGHTS_READ_ONLY, 0);
    __wasi_fd_t w = open_file(dir, "writable", __WASI_OFLAGS_CREAT, RIGHTS_FILE, 0);
    __wasi_subscription_t subs[2] = {fd_sub(1, __WASI_EVENTTYPE_FD_READ, r),
                                     fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, w)};
    int got_read = 0, got_write = 0;
    for (int round = 0; round < 10 && !(got_read && got_write); round++) {
        __wasi_subscription_t pending[2];
        __wasi_size_t np = 0;
        if (!got_read) pending[np++] = subs[0];
        if (!got_write) pending[np++] = subs[1];
        CHECK_OK(__wasi_poll_oneoff(pending, ev, np, &n));
        CHECK(n >= 1 && n <= np);
        for (__wasi_size_t i = 0; i < n; i++) {
            CHECK_EQ(ev[i].error, 0);
            if (ev[i].userdata == 1) {
                CHECK_EQ(ev[i].type, __WASI_EVENTTYPE_FD_READ);
                got_read = 1;
            } else {
                CHECK_EQ(ev[i].userdata, 2);
                CHECK_EQ(ev[i].type, __WASI_EVENTTYPE_FD_WRITE);
                got_write = 1;
            }
        }
    }
    CHECK(got_read && got_write);
    /* A file next to a long clock: the file is ready, the call does not wait for the clock. */
    __wasi_subscription_t mixed[2] = {clock_sub(3, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0),
                                      fd_sub(4, __WASI_EVENTTYPE_FD_READ, r)};
    __wasi_timestamp_t t0 = mono();
    CHECK_OK(__wasi_poll_oneoff(mixed, ev, 2, &n));
    CHECK_EQ(n, 1);
    CHECK_EQ(ev[0].userdata, 4);
    CHECK(mono() - t0 < 4000000000ull);
    CHECK_OK(__wasi_fd_close(r));
    CHECK_OK(__wasi_fd_close(w));
}

int main(int argc, char **argv) {
    __wasi_fd_t dir = conf_init("poll_oneoff", argc, argv);
    RUN(test_clocks);
    RUN(test_files, dir);
    return conf_done();
}
