package io.tarbox.server.client;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;

/**
 * The audit log of a remote tree: events go to the server with the tree's next batch of calls,
 * and the server records them in the tree's own commits with the token's name (which the client
 * cannot choose). A log that owns its tree (events no tree carries) closes it when closed.
 */
final class RemoteAuditLog implements AuditLog {
    private final RemoteFilesystem tree;
    private final boolean ownsTree;

    RemoteAuditLog(RemoteFilesystem tree, boolean ownsTree) {
        this.tree = tree;
        this.ownsTree = ownsTree;
    }

    @Override
    public void record(AuditEvent event) {
        tree.record(event);
    }

    @Override
    public void flush() {
        if (!tree.isClosed()) {
            tree.flush();
        }
    }

    @Override
    public void close() {
        if (ownsTree) {
            tree.close();
        } else {
            flush();
        }
    }
}
