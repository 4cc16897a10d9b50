package io.tarbox.cli;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.host.Errno;
import java.time.Instant;
import java.util.List;
import io.tarbox.cli.tree.Tree;

/**
 * One command's connection to the database: the store, and (opened on first use) the tenant's tree.
 * Closing commits the tree and closes the store.
 *
 * <p>A run with {@code --atomic} or {@code --ephemeral} opens a scratch tree instead
 * ({@link #scratchTree}): closing it discards its changes unless {@link #publish} merged them first.
 */
public final class Session implements AutoCloseable {
    private final TarboxStore store;
    private final String tenant;
    private LayeredFilesystem fs;
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
            open(false);
        }
        return tree;
    }

    /**
     * Opens the tenant's tree with a private scratch layer on top (the first tree this session
     * opens): nobody else sees its changes until {@link #publish}.
     */
    public Tree scratchTree() {
        if (tree != null) {
            throw new IllegalStateException("the session's tree is already open");
        }
        open(true);
        return tree;
    }

    /** The tenant's tree with its layers and snapshots (opened on first use as {@link #tree}). */
    public LayeredFilesystem layers() {
        tree();
        return fs;
    }

    /** Merges the scratch tree's changes into the tenant's tree, in one transaction; closes it. */
    public void publish() {
        LayeredFilesystem published = fs;
        fs = null;
        tree = null;
        try {
            published.publish();
        } catch (FsException e) {
            try {
                published.close(); // discards the scratch layer, as any unpublished run's
            } catch (FsException closing) {
                e.addSuppressed(closing);
            }
            throw new CliException(ExitCodes.ofCommit(e.error()), "cannot publish to " + store.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the tree (committing it, or discarding a scratch tree's changes that were not
     * published); the next {@link #tree} opens the tenant's tree again.
     */
    public void closeTree() {
        LayeredFilesystem open = fs;
        fs = null;
        tree = null;
        if (open != null) {
            try {
                open.close();
            } catch (FsException e) {
                throw new CliException(ExitCodes.ofCommit(e.error()), "cannot commit to " + store.location() + ": " + e.getMessage(), e);
            }
        }
    }

    private void open(boolean scratch) {
        try {
            fs = scratch ? store.openScratch(tenant) : store.openFilesystem(tenant);
        } catch (FsException e) {
            throw unknownTenant(e);
        }
        tree = new Tree(fs);
    }

    /**
     * The failure of a call whose only "not found" is the tenant: an unknown tenant as exit code 3
     * with a hint; any other failure as it is.
     */
    public RuntimeException unknownTenant(FsException e) {
        if (e.error() == FsError.NOT_FOUND) {
            return new CliException(ExitCodes.NOT_FOUND, "unknown tenant '" + tenant + "' (see 'tarbox tenant list')", e);
        }
        return e;
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
        long layer = fs != null ? fs.currentLayerId() : 0;
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
            closeTree();
        } finally {
            store.close();
        }
    }
}
