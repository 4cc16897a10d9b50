package io.tarbox.wasi.host;

import java.time.Instant;

/**
 * The clocks of clock_time_get, poll_oneoff and the *_NOW flags of the set-times calls. "Now" for a
 * timestamp is always {@link #realtime()}, so one clock decides it.
 */
public final class WasiClocks {
    static final int REALTIME = 0;
    static final int MONOTONIC = 1;
    static final int PROCESS_CPUTIME = 2;
    static final int THREAD_CPUTIME = 3;

    /** Nanoseconds since the epoch. */
    public long realtime() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Nanoseconds from an arbitrary origin, never going back. */
    public long monotonic() {
        return System.nanoTime();
    }

    /** Whether {@code id} names a clock of the witx enum (some of which Tarbox, as wasmtime, lacks). */
    static boolean known(int id) {
        return id >= REALTIME && id <= THREAD_CPUTIME;
    }

    /** The clock's value, or -1 for a clock Tarbox does not have (the CPU-time ones, as wasmtime). */
    long time(int id) {
        switch (id) {
            case REALTIME:
                return realtime();
            case MONOTONIC:
                return monotonic();
            default:
                return -1;
        }
    }

    /** The clock's resolution in nanoseconds, or -1 for a clock Tarbox does not have. */
    long resolution(int id) {
        switch (id) {
            case REALTIME:
                return 1_000;
            case MONOTONIC:
                return 1;
            default:
                return -1;
        }
    }
}
