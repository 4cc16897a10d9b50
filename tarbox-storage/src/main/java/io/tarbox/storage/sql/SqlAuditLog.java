package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's audit log in the store's database. Events are buffered and written in one
 * transaction (multi-row inserts) at {@link #flush}, on the store's own connection: a run pays one
 * insert transaction per few thousand operations, not one per operation. Callers flush when they
 * know the database's write lock is free (the WASI host commits its filesystems first); past
 * {@link #BATCH} buffered events the log flushes by itself to bound memory. The filesystem's
 * commits are separate, so a crash may lose the events since the last flush.
 */
final class SqlAuditLog implements AuditLog {
    /** Events buffered before they are written without waiting for {@link #flush}. */
    static final int BATCH = 65_536;

    private final SqlStore store;
    private final long tenant;
    private final List<AuditEvent> pending = new ArrayList<>();

    SqlAuditLog(SqlStore store, long tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    @Override
    public synchronized void record(AuditEvent event) {
        pending.add(event);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        store.writeAudit(tenant, pending);
        pending.clear();
    }

    @Override
    public void close() {
        flush();
    }
}
