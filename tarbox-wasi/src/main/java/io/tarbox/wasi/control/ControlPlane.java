package io.tarbox.wasi.control;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.TenantUsage;
import java.util.List;

/**
 * What the control files of {@code /.tarbox} show and act on: the run's tree and the store behind
 * it. tarbox-wasi never sees the store; whoever opens the tree (the CLI) implements this.
 */
public interface ControlPlane {

    /** The tree the run writes to (the same instance its {@code --dir} preopens use). */
    LayeredFilesystem tree();

    /**
     * Opens snapshot (or tag) {@code name} of the tree's tenant read-only; the control filesystem
     * closes it before each layer command and when the run ends, and opens it again when needed.
     * Each opening of one snapshot must number its inodes the same (the SQL store's numbers are
     * its rows'), so that a program's descriptors survive the reopening.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND for an unknown snapshot
     */
    FilesystemInterface openSnapshot(String name);

    /**
     * The tenant's newest {@code limit} audit events, oldest first, including what this run has
     * recorded so far.
     */
    List<AuditEvent> recentAudit(int limit);

    /** The tenant's stored bytes and quota, including what this run has written so far. */
    TenantUsage usage();
}
