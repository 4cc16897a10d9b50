package io.tarbox.wasi;

/**
 * Stops a run from another thread, as a deadline would (a signal handler of {@code tarbox run}):
 * the guest is interrupted, though never inside a host function, and the run ends with
 * {@link RunOutcome.Interrupted} after committing its preopens as every run does. Stopping before
 * the guest starts stops it as soon as it does.
 */
public final class RunStop {
    private Runnable action;
    private boolean requested;

    /** Stops the run (now, or as soon as it starts). */
    public void stop() {
        Runnable act;
        synchronized (this) {
            requested = true;
            act = action;
        }
        if (act != null) {
            act.run();
        }
    }

    /** Whether {@link #stop} was called. */
    public synchronized boolean requested() {
        return requested;
    }

    /** What stops the guest of the run under way; run at once when a stop was already requested. */
    void attach(Runnable stopper) {
        boolean now;
        synchronized (this) {
            action = stopper;
            now = requested;
        }
        if (now) {
            stopper.run();
        }
    }

    synchronized void detach() {
        action = null;
    }
}
