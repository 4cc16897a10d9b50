package io.tarbox.core.audit;

/**
 * Where a tenant's file operations are recorded. Recording is batched: {@link #record} may only
 * buffer the event; {@link #flush} (called at the end of every run and command) makes every
 * recorded event durable. Rows are append-only: nothing a guest does can change or remove them.
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
