package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit events of one open tree that its next commit writes, in the same transaction as the
 * changes they describe: the trail is never behind the tree. Events wait in memory; just before a
 * commit (inside its transaction) the registered hooks run (a recorder adds what it was still
 * summing up), then every waiting event is inserted. The inserted events are kept until the commit
 * succeeds: a rollback puts them back, to be written by a later commit or by the store.
 *
 * <p>Used under the tree's lock only ({@link SqlFilesystem}); not thread-safe on its own.
 */
final class AuditJournal {
    private final AuditTable table;
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private List<AuditEvent> pending = new ArrayList<>();
    private List<AuditEvent> inFlight = new ArrayList<>();

    AuditJournal(AuditTable table) {
        this.table = table;
    }

    void add(AuditEvent event) {
        pending.add(event);
    }

    int size() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty() && inFlight.isEmpty();
    }

    /** Registers what runs before each commit, inside its transaction (see AuditLog#beforeEachCommit). */
    void beforeCommit(Runnable hook) {
        beforeCommit.add(hook);
    }

    /** Inside the transaction about to commit: runs the hooks, then inserts every waiting event. */
    void writeInTransaction() throws SQLException {
        for (Runnable hook : beforeCommit) {
            hook.run();
        }
        if (pending.isEmpty()) {
            return;
        }
        table.insert(pending);
        inFlight.addAll(pending);
        pending = new ArrayList<>();
    }

    /** The transaction committed: its events are stored. */
    void committed() {
        if (!inFlight.isEmpty()) {
            inFlight = new ArrayList<>();
        }
    }

    /** The transaction was rolled back: its events wait again, ahead of the newer ones. */
    void rolledBack() {
        if (!inFlight.isEmpty()) {
            inFlight.addAll(pending);
            pending = inFlight;
            inFlight = new ArrayList<>();
        }
    }

    /** Takes every waiting event (for the store to write once the tree cannot). */
    List<AuditEvent> takeAll() {
        rolledBack();
        List<AuditEvent> all = pending;
        pending = new ArrayList<>();
        return all;
    }
}
