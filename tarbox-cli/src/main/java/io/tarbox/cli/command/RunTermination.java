package io.tarbox.cli.command;

import io.tarbox.cli.ExitCodes;
import io.tarbox.wasi.RunStop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a {@code tarbox run} ends when a signal stops it (SIGTERM from {@code timeout} or
 * {@code kill}, SIGINT from Ctrl-C, SIGHUP): the signal's name is noted, the JVM shuts down as it
 * would anyway (exit code 128 + the signal's number), and a shutdown hook stops the guest the way a
 * deadline does, then waits for the run to end as usual: its preopens committed with their audit
 * rows, its row in {@code runs} completed with the signal. When that takes longer than
 * {@link #GRACE_MILLIS} (the guest is stuck in a host call that waits), the hook completes the row
 * itself; what was not committed is then lost, as in a crash.
 *
 * <p>SIGKILL cannot be caught: such a run's row stays "running" and {@code tarbox runs} tells from
 * its process (gone) that it was killed.
 *
 * <p>The signal's name comes from {@code sun.misc.Signal} (module jdk.unsupported, in every JDK,
 * reached through {@link JvmSignals}): a shutdown hook alone cannot tell SIGTERM from SIGINT.
 */
final class RunTermination implements AutoCloseable {
    /** How long the hook waits for the run to end as usual. */
    static final long GRACE_MILLIS = 5_000;

    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    private final RunStop stop = new RunStop();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Consumer<RunTermination> unfinished;
    private final Thread hook;
    private final List<Object> caught = new ArrayList<>();
    private final List<Object> previous = new ArrayList<>();
    private volatile boolean shuttingDown;
    private volatile String signal;
    private volatile int signalNumber;

    /** @param unfinished what the hook does when the run did not end in time: complete its row */
    RunTermination(Consumer<RunTermination> unfinished) {
        this.unfinished = unfinished;
        this.hook = new Thread(this::onShutdown, "tarbox-run-termination");
        Object handler = JvmSignals.handler(this::onSignal);
        for (String name : SIGNALS) {
            try {
                Object s = JvmSignals.signal(name);
                Object old = JvmSignals.handle(s, handler);
                if (old == JvmSignals.SIG_IGN) {
                    JvmSignals.handle(s, old); // ignored (nohup): stays ignored
                    continue;
                }
                caught.add(s);
                previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not a signal here (or the JVM handles it, -Xrs): the shutdown hook still sees the end
            }
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What stops the run's guest. */
    RunStop stop() {
        return stop;
    }

    /** The signal that stopped the run ("SIGTERM"), or null while none has. */
    String signal() {
        return signal;
    }

    /** The exit code the process ends with after the signal (128 + its number), or null when unknown. */
    Integer signalExitCode() {
        return signalNumber > 0 ? ExitCodes.ofSignal(signalNumber) : null;
    }

    /** Whether the JVM is shutting down under the run (a signal). */
    boolean stopped() {
        return shuttingDown;
    }

    /** The run has ended and its row is complete: the hook need not wait. */
    void ended() {
        ended.countDown();
    }

    private void onSignal(Object s) {
        signal = "SIG" + JvmSignals.name(s);
        signalNumber = JvmSignals.number(s);
        int at = caught.indexOf(s);
        Object old = at < 0 ? JvmSignals.SIG_DFL : previous.get(at);
        if (old != JvmSignals.SIG_DFL && old != JvmSignals.SIG_IGN) {
            JvmSignals.forward(old, s); // the JVM's own handler: shuts down with 128 + the number
        } else {
            System.exit(ExitCodes.ofSignal(signalNumber));
        }
    }

    private void onShutdown() {
        if (ended.getCount() == 0) {
            return; // the run ended first: an ordinary exit
        }
        shuttingDown = true;
        stop.stop();
        try {
            if (ended.await(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unfinished.accept(this);
    }

    @Override
    public void close() {
        ended.countDown();
        for (int i = 0; i < caught.size(); i++) {
            try {
                JvmSignals.handle(caught.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // as it was
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running, or has
        }
    }
}
