package io.tarbox.wasi.p2;

import io.tarbox.component.link.HostInstance;
import java.util.List;

/**
 * {@code wasi:clocks/monotonic-clock} (with subscribe-instant and subscribe-duration pollables) and
 * {@code wasi:clocks/wall-clock}, on the same clocks as the preview 1 host.
 */
final class ClockHosts {
    private ClockHosts() {}

    static List<HostInstance> instances(P2Context context, P2Resources r) {
        HostInstance monotonic = new HostInstance("wasi:clocks/monotonic-clock")
                .resource("pollable", r.pollable)
                .func("now", 0, a -> context.clocks.monotonic())
                .func("resolution", 0, a -> 1L)
                .func("subscribe-instant", 1, a -> new Pollable.Deadline((Long) a[0]))
                .func("subscribe-duration", 1, a -> {
                    long duration = (Long) a[0];
                    long now = context.clocks.monotonic();
                    // An unsigned duration past the end of time never comes.
                    return new Pollable.Deadline(
                            duration < 0 || now + duration < now ? Long.MAX_VALUE : now + duration);
                });
        HostInstance wall = new HostInstance("wasi:clocks/wall-clock")
                .func("now", 0, a -> datetime(context.clocks.realtime()))
                .func("resolution", 0, a -> new Object[] {0L, 1_000});
        return List.of(monotonic, wall);
    }

    /** A {@code datetime} record for nanoseconds since the epoch. */
    static Object[] datetime(long nanos) {
        return new Object[] {Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L)};
    }
}
