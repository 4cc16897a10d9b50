package io.tarbox.core.audit;

import java.util.function.Supplier;

/**
 * Where a tenant's file operations are recorded. Recording is batched: {@link #record} may only
 * buffer the event; {@link #flush} (called at the end of every run and command) makes every
 * recorded event durable. Rows are append-only: nothing a guest does can change or remove them.
 *
 * <p>A log tied to a tree (see the store's {@code auditLog(tree)}) writes its events in the same
 * database transaction as the changes they describe, so the trail is never behind the tree: a
 * change that was committed has its row, even when the process is killed right after.
 */
public interface AuditLog extends AutoCloseable {
    /** Records one event (possibly buffered until the next {@link #flush}). */
    void record(AuditEvent event);

    /**
     * Writes every buffered event.
     *
     * @throws io.tarbox.core.fs.FsException IO when the events cannot be stored
     */
    void flush();

    /** Flushes and releases the log. */
    @Override
    void close();

    /**
     * Runs {@code call}, a change of the tree followed by the {@link #record} of its events, so that
     * no commit of the tree falls between the change and its record.
     */
    default <T> T atomically(Supplier<T> call) {
        return call.get();
    }

    /**
     * Registers what to run just before each commit of the tree this log is tied to, inside the
     * commit's transaction: the recorder's chance to {@link #record} what it was still summing up
     * (bytes written through a descriptor). Under the same exclusion as {@link #atomically}.
     */
    default void beforeEachCommit(Runnable pending) {}

    /** A log that records nothing ({@code --no-audit}). */
    AuditLog NONE = new AuditLog() {
        @Override
        public void record(AuditEvent event) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
}
