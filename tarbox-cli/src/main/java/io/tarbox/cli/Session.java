package io.tarbox.cli;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.Errno;
import java.time.Instant;
import java.util.List;
import io.tarbox.cli.tree.Tree;

/**
 * One command's connection to the database: the store, and (opened on first use) the tenant's tree.
 * Closing commits the tree and closes the store.
 */
public final class Session implements AutoCloseable {
    private final TarboxStore store;
    private final String tenant;
    private FilesystemInterface fs;
    private Tree tree;

    Session(TarboxStore store, String tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    public TarboxStore store() {
        return store;
    }

    public String tenant() {
        return tenant;
    }

    /** The tenant's tree, opened on first use; an unknown tenant is "not found" (exit code 3). */
    public Tree tree() {
        if (tree == null) {
            try {
                fs = store.openFilesystem(tenant);
            } catch (FsException e) {
                if (e.error() == FsError.NOT_FOUND) {
                    throw new CliException(ExitCodes.NOT_FOUND, "unknown tenant '" + tenant + "' (see 'tarbox tenant list')", e);
                }
                throw e;
            }
            tree = new Tree(fs);
        }
        return tree;
    }

    /** Records a successful mutating command (op null: nothing) in the tenant's audit trail. */
    public void audit(String operation, List<String> paths) {
        record(operation, paths, Errno.SUCCESS);
    }

    /**
     * Records a failed mutating command; a failure to record is added to {@code failure} rather
     * than hiding it.
     */
    public void auditFailure(String operation, List<String> paths, Throwable failure) {
        try {
            record(operation, paths, errno(failure));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void record(String operation, List<String> paths, int errno) {
        if (operation == null || !(store instanceof SqlStore sql) || sql.findTenant(tenant).isEmpty()) {
            return;
        }
        if (fs != null) {
            fs.syncAll(); // commit the tree first: its open transaction would hold SQLite's write lock
        }
        long layer = fs instanceof LayeredFilesystem layered ? layered.currentLayerId() : 0;
        Instant now = Instant.now();
        long time = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        try (AuditLog log = sql.auditLog(tenant)) {
            for (String path : paths) {
                log.record(new AuditEvent(time, layer, null, null, operation, path, 0, errno));
            }
        }
    }

    /** The errno of the contract error behind a failure; EIO for any other failure. */
    private static int errno(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FsException fs) {
                return Errno.of(fs.error());
            }
        }
        return Errno.IO;
    }

    @Override
    public void close() {
        try {
            if (fs != null) {
                fs.close();
            }
        } catch (FsException e) {
            throw new CliException(ExitCodes.ofCommit(e.error()), "cannot commit to " + store.location() + ": " + e.getMessage(), e);
        } finally {
            store.close();
        }
    }
}
