package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's audit log on the store's own connection, for events that no tree's commit carries
 * (a tenant created or deleted). Events are buffered and written in one transaction (multi-row
 * inserts) at {@link #flush}; past {@link #BATCH} buffered events the log flushes by itself to
 * bound memory. A run's events go through its tree instead ({@link TreeAuditLog}), in the tree's
 * own transactions.
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
