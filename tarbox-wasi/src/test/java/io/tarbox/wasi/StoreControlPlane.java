package io.tarbox.wasi;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.control.ControlPlane;
import java.util.List;

/** Test helper: the control plane over a SQL store, as the CLI wires it. */
record StoreControlPlane(SqlStore store, String tenant, LayeredFilesystem tree, AuditLog log) implements ControlPlane {
    @Override
    public FilesystemInterface openSnapshot(String name) {
        return store.openSnapshot(tenant, name);
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        tree.syncAll(); // on SQLite the tree's open transaction would hold the lock the log needs
        log.flush();
        return store.audit(tenant, new AuditQuery(null, null, null, null, false, limit));
    }

    @Override
    public TenantUsage usage() {
        tree.syncAll();
        return store.usage(tenant);
    }
}
