package io.tarbox.wasi.limits;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

/**
 * Stops a thread that runs guest code by interrupting it (Chicory checks the interrupt flag on
 * function entry and loop back-edges, compiler and interpreter alike, and throws
 * {@link ChicoryInterruptedException}), but never while it is inside a host function
 * ({@link #enterHost} / {@link #exitHost}): an interrupt there could break the storage under it (an
 * interruptible channel closes itself). The stop then takes effect as the host function returns.
 * Used for deadlines ({@link CallTimer}) and for stopping a run from outside (a signal).
 */
public final class GuestInterrupt {
    private final String reason;
    private final Object lock = new Object();
    private Thread guest;
    private boolean inHost;
    private boolean fired;

    /** @param reason the message of the exception that unwinds a guest entering a host function once fired */
    public GuestInterrupt(String reason) {
        this.reason = reason;
    }

    /** The thread that runs the guest from now on; not yet fired. */
    public void bind(Thread thread) {
        synchronized (lock) {
            guest = thread;
            inHost = false;
            fired = false;
        }
    }

    /** The guest no longer runs (its call returned). */
    public void unbind() {
        synchronized (lock) {
            guest = null;
        }
    }

    /** Stops the guest: now, or when it leaves the host function it is in. */
    public void fire() {
        synchronized (lock) {
            fired = true;
            if (guest != null && !inHost) {
                guest.interrupt();
            }
        }
    }

    public boolean fired() {
        synchronized (lock) {
            return fired;
        }
    }

    /** Called by a host function on entry; unwinds the guest at once if fired. */
    public void enterHost() {
        synchronized (lock) {
            if (fired) {
                throw new ChicoryInterruptedException(reason);
            }
            inHost = true;
        }
    }

    /** Called by a host function on exit; delivers an interrupt deferred while it ran. */
    public void exitHost() {
        synchronized (lock) {
            inHost = false;
            if (fired) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
