package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import java.util.List;
import java.util.function.Supplier;

/**
 * The audit log of one open tree: events are written by the tree's own commits, in the same
 * transaction as the changes they describe (see {@link AuditJournal}), so whatever was committed
 * has its rows even when the process is killed right after. Past {@link #BATCH} waiting events the
 * tree is committed, which bounds memory. Once the tree cannot commit any more (closed, or failed),
 * events go to the store's own connection instead: late, but not lost.
 */
final class TreeAuditLog implements AuditLog {
    /** Events waiting before the tree is committed without being asked to. */
    static final int BATCH = 16_384;

    private final SqlStore store;
    private final long tenant;
    private final SqlFilesystem tree;

    TreeAuditLog(SqlStore store, long tenant, SqlFilesystem tree) {
        this.store = store;
        this.tenant = tenant;
        this.tree = tree;
    }

    @Override
    public void record(AuditEvent event) {
        if (!tree.journal(event)) {
            store.writeAudit(tenant, List.of(event));
        } else if (tree.journalSize() >= BATCH) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (!tree.flushJournal()) {
            List<AuditEvent> left = tree.takeJournal();
            if (!left.isEmpty()) {
                store.writeAudit(tenant, left);
            }
        }
    }

    @Override
    public <T> T atomically(Supplier<T> call) {
        return tree.atomically(call);
    }

    @Override
    public void beforeEachCommit(Runnable pending) {
        tree.beforeEachCommit(pending);
    }

    @Override
    public void close() {
        flush();
    }
}
