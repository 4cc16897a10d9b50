package io.tarbox.wasi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * The clocks of clock_time_get, poll_oneoff and the *_NOW flags of the set-times calls. "Now" for a
 * timestamp is always {@link #realtime()}, so one clock decides it.
 */
final class WasiClocks {
    static final int REALTIME = 0;
    static final int MONOTONIC = 1;
    static final int PROCESS_CPUTIME = 2;
    static final int THREAD_CPUTIME = 3;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Nanoseconds since the epoch. */
    long realtime() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Nanoseconds from an arbitrary origin, never going back. */
    long monotonic() {
        return System.nanoTime();
    }

    /** The clock's value, or -1 for an unknown clock id. */
    long time(int id) {
        switch (id) {
            case REALTIME:
                return realtime();
            case MONOTONIC:
                return monotonic();
            case PROCESS_CPUTIME:
                return processCpuTime();
            case THREAD_CPUTIME:
                return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : monotonic();
            default:
                return -1;
        }
    }

    /** The clock's resolution in nanoseconds, or -1 for an unknown clock id. */
    long resolution(int id) {
        switch (id) {
            case REALTIME:
                return 1_000;
            case MONOTONIC:
            case PROCESS_CPUTIME:
            case THREAD_CPUTIME:
                return 1;
            default:
                return -1;
        }
    }

    private long processCpuTime() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        return monotonic();
    }
}
