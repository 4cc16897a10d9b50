package io.tarbox.wasi.limits;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls into one guest (a plugin, or a {@code tarbox run} with a timeout) on a worker thread and
 * stops them at a deadline by interrupting the worker through a {@link GuestInterrupt}: never while
 * it is inside a host function ({@link #enterHost} / {@link #exitHost}).
 */
public final class CallTimer implements AutoCloseable {
    /** How long an expired call may take to notice the interrupt before it is abandoned. */
    public static final long GRACE_MILLIS = 2_000;

    private final ExecutorService executor;
    private final GuestInterrupt interrupt = new GuestInterrupt("time limit reached");
    /** {@link #stop} was called: every call from now on is stopped at once. */
    private volatile boolean stopped;

    /** @param threadName the worker thread's name */
    public CallTimer(String threadName) {
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true); // an abandoned runaway call must not keep the JVM alive
            return thread;
        });
    }

    /** The result of a call, and whether it ran past its deadline. */
    public record Outcome<T>(T value, RuntimeException failure, boolean timedOut, boolean abandoned) {}

    /**
     * Runs {@code body} with a budget of {@code maxMillis} (0: none). Never throws what the body
     * throws: it is returned in {@link Outcome#failure()} (Errors are rethrown).
     *
     * @throws InterruptedException the calling thread was interrupted while it waited; the call is
     *     stopped as at a deadline, but not waited for
     */
    public <T> Outcome<T> run(long maxMillis, Callable<T> body) throws InterruptedException {
        Future<T> future = executor.submit(() -> {
            interrupt.bind(Thread.currentThread());
            if (stopped) {
                interrupt.fire();
            }
            try {
                return body.call();
            } finally {
                interrupt.unbind();
                Thread.interrupted(); // leave no interrupt for the next call
            }
        });
        try {
            T value = maxMillis == 0 ? future.get() : future.get(maxMillis, TimeUnit.MILLISECONDS);
            return new Outcome<>(value, null, false, false);
        } catch (TimeoutException e) {
            expire();
            try {
                future.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stuck) {
                return new Outcome<>(null, null, true, true);
            } catch (ExecutionException | RuntimeException ignored) {
                // The interrupt ended it, as intended.
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return new Outcome<>(null, null, true, true);
            }
            return new Outcome<>(null, null, true, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            RuntimeException failure = cause instanceof RuntimeException r ? r : new RuntimeException(cause);
            return new Outcome<>(null, failure, false, false);
        } catch (InterruptedException e) {
            expire();
            throw e;
        }
    }

    /** Called by a host function on entry; unwinds the guest at once if the deadline has passed. */
    public void enterHost() {
        interrupt.enterHost();
    }

    /** Called by a host function on exit; delivers an interrupt deferred while it ran. */
    public void exitHost() {
        interrupt.exitHost();
    }

    /** Stops the call under way now, as at its deadline, and any later one (a run stopped from outside). */
    public void stop() {
        stopped = true;
        expire();
    }

    private void expire() {
        interrupt.fire();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
