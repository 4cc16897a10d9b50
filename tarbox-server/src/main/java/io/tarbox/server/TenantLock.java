package io.tarbox.server;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.server.wire.FsWire;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of a tenant's shared tree on the server ({@link Trees}), and the hold one remote client
 * at a time may have on the tree. While a client holds it, the tree holds the tenant alone
 * ({@link FilesystemInterface#holdAlone}: no other process can open the tenant, so none can commit
 * to it) and every other request of the tenant waits in {@link #lock}: nothing but the holder's own
 * calls can change what it sees, so its cache needs no round trip to be refreshed until the hold
 * runs out ({@link RemoteTree}, docs/server.md "Remote mode").
 *
 * <p>A hold is granted for {@link FsWire#HOLD_MILLIS} and renewed by each of the holder's requests,
 * unless a request of the tenant waits here (the holder's next request ends the hold instead) or a
 * process waits to open the tenant (the tree lets go of the tenant for an instant every
 * {@link #RECHECK_NANOS}, which lets such a process in and ends the hold). A hold nobody renews
 * ends when it runs out, on the timer.
 */
@SuppressWarnings("serial") // a lock of this server's, never serialized
final class TenantLock extends ReentrantLock {
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(FsWire.HOLD_MILLIS);
    /** How often a renewed hold lets a process waiting to open the tenant in. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FilesystemInterface fs;
    private final ScheduledExecutorService timer;
    private final Condition holdOver = newCondition();

    /** The remote tree holding the tenant, or null. */
    private Object holder;
    /** When the hold runs out ({@link System#nanoTime}). */
    private long holdUntil;
    /** When the tree last took the tenant alone again. */
    private long checkedAt;
    /** Requests waiting for the hold to end. */
    private int waiting;

    private boolean expiryScheduled;

    TenantLock(FilesystemInterface fs, ScheduledExecutorService timer) {
        this.fs = fs;
        this.timer = timer;
    }

    /** Takes the lock for a request that holds nothing: waits while a remote tree holds the tenant. */
    @Override
    public void lock() {
        lock(null);
    }

    /** Takes the lock for {@code who}'s request: waits while another remote tree holds the tenant. */
    void lock(Object who) {
        super.lock();
        if (getHoldCount() > 1) {
            return; // taken before, when no other tree can have been granted a hold
        }
        boolean counted = false;
        boolean interrupted = false;
        try {
            while (holder != null && holder != who) {
                long left = holdUntil - System.nanoTime();
                if (left <= 0) {
                    endHold();
                    break;
                }
                if (!counted) {
                    waiting++;
                    counted = true;
                }
                try {
                    holdOver.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true; // like lock(): the wait is bounded by the hold anyway
                }
            }
        } finally {
            if (counted) {
                waiting--;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What {@link #hold} did. */
    enum Hold {
        /** No hold: it ended, or could not be had. */
        NONE,
        /**
         * The tenant was taken alone just now: what another process committed before is not yet in
         * the tree's view; refresh it before telling a client that it holds the tree.
         */
        TAKEN,
        /** The hold goes on: the tenant was held alone since the hold was last granted. */
        KEPT
    }

    /**
     * Grants or renews {@code who}'s hold, or ends it: no hold when a request waits for the tree,
     * another process has the tenant open or waits to, or the storage failed. Call holding the lock,
     * taken with {@link #lock(Object)} for {@code who}.
     */
    Hold hold(Object who) {
        if (holder != null && holder != who) {
            return Hold.NONE;
        }
        if (waiting > 0) {
            endHold();
            return Hold.NONE;
        }
        long now = System.nanoTime();
        Hold hold = Hold.KEPT;
        try {
            if (holder == null) {
                if (!fs.holdAlone()) {
                    return Hold.NONE;
                }
                holder = who;
                checkedAt = now;
                hold = Hold.TAKEN;
            } else if (now - checkedAt >= RECHECK_NANOS) {
                // A process queued to open the tenant gets in as the tenant is let go of.
                fs.releaseAlone();
                if (!fs.holdAlone()) {
                    holder = null;
                    holdOver.signalAll();
                    return Hold.NONE;
                }
                checkedAt = now;
                hold = Hold.TAKEN;
            }
        } catch (FsException e) {
            endHold();
            return Hold.NONE;
        }
        holdUntil = now + HOLD_NANOS;
        schedule(HOLD_NANOS);
        return hold;
    }

    /** Ends {@code who}'s hold, if it has one. Call holding the lock. */
    void release(Object who) {
        if (holder != null && holder == who) {
            endHold();
        }
    }

    private void endHold() {
        holder = null;
        try {
            fs.releaseAlone();
        } catch (FsException e) {
            // the tree failed: it is closed and reopened, which lets the tenant go as well
        }
        holdOver.signalAll();
    }

    private void schedule(long delayNanos) {
        if (expiryScheduled) {
            return;
        }
        try {
            timer.schedule(this::expire, delayNanos, TimeUnit.NANOSECONDS);
            expiryScheduled = true;
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: the hold ends when the tree closes, or a waiter ends it
        }
    }

    /** The timer: ends a hold that ran out, or looks again when it will. */
    private void expire() {
        super.lock();
        try {
            expiryScheduled = false;
            if (holder == null) {
                return;
            }
            long left = holdUntil - System.nanoTime();
            if (left <= 0) {
                endHold();
            } else {
                schedule(left);
            }
        } finally {
            unlock();
        }
    }
}
