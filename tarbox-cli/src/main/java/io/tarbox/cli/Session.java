package io.tarbox.cli;

import io.tarbox.cli.tree.Tree;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditTrail;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.host.Errno;
import java.time.Instant;
import java.util.List;

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
    /** The command's rows in the trail (see {@link #auditAs}); null for a command that changes nothing. */
    private String operation;

    private List<String> paths = List.of();
    /** The log of the open tree, whose commits carry the command's rows. */
    private AuditLog treeLog;
    /** Whether a commit of the tree carried the command's rows already. */
    private boolean recorded;

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

    /**
     * The store as the database itself, for what only a direct connection does ({@code command}
     * names it in the error): a Tarbox server ({@code --db http://...}) does not offer it.
     */
    public SqlStore database(String command) {
        if (store instanceof SqlStore sql) {
            return sql;
        }
        throw new CliException(
                ExitCodes.UNSUPPORTED,
                command + " needs the database itself (--db FILE or --db postgresql://...), not a Tarbox server");
    }

    /** The store's audit trail (runs and file operations). */
    public AuditTrail trail() {
        if (store instanceof AuditTrail trail) {
            return trail;
        }
        throw new CliException(ExitCodes.UNSUPPORTED, "this store keeps no audit trail");
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
        treeLog = null; // the run's rows go with its trail; a session that publishes records none of its own
        try {
            published.publish();
        } catch (FsException e) {
            try {
                published.close(); // discards the scratch layer, as any unpublished run's
            } catch (FsException closing) {
                e.addSuppressed(closing);
            }
            throw new CliException(
                    ExitCodes.ofCommit(e.error()), "cannot publish to " + store.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the tree (committing it, or discarding a scratch tree's changes that were not
     * published); the next {@link #tree} opens the tenant's tree again.
     */
    public void closeTree() {
        LayeredFilesystem open = fs;
        AuditLog log = treeLog;
        fs = null;
        tree = null;
        treeLog = null;
        if (open != null) {
            try {
                open.close();
            } catch (FsException e) {
                CliException failed = new CliException(
                        ExitCodes.ofCommit(e.error()),
                        "cannot commit to " + store.location() + ": " + e.getMessage(),
                        e);
                flushAfter(log, failed);
                throw failed;
            }
            flushAfter(log, null);
        }
    }

    /** Writes the rows a tree could not commit (it failed) through the store; a failure joins {@code failure}. */
    private static void flushAfter(AuditLog log, RuntimeException failure) {
        if (log == null) {
            return;
        }
        try {
            log.flush();
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    private void open(boolean scratch) {
        try {
            fs = scratch ? store.openScratch(tenant) : store.openFilesystem(tenant);
        } catch (FsException e) {
            throw unknownTenant(e);
        }
        tree = new Tree(fs);
        if (operation != null && store instanceof AuditTrail trail) {
            treeLog = trail.auditLog(fs);
            treeLog.beforeEachCommit(this::recordWithFirstCommit);
        }
    }

    /**
     * The failure of a call whose only "not found" is the tenant: an unknown tenant as exit code 3
     * with a hint; any other failure as it is.
     */
    public RuntimeException unknownTenant(FsException e) {
        if (e.error() == FsError.NOT_FOUND) {
            return new CliException(
                    ExitCodes.NOT_FOUND, "unknown tenant '" + tenant + "' (see 'tarbox tenant list')", e);
        }
        return e;
    }

    /**
     * Says what the command about to run changes: {@code operation} (null: nothing) on each of
     * {@code paths}. Its rows go into the tenant's trail with the first commit of the tree that
     * carries its changes (so a command killed midway has its rows for what it committed), or, when
     * it committed nothing, at its end ({@link #audit}, {@link #auditFailure}).
     */
    public void auditAs(String operation, List<String> paths) {
        this.operation = operation;
        this.paths = List.copyOf(paths);
    }

    /** Records that the command succeeded (its rows, unless a commit carried them already). */
    public void audit() {
        if (!recorded) {
            record(Errno.SUCCESS);
        }
    }

    /**
     * Records that the command failed: its rows with the errno of the failure (a second set of rows
     * when a commit carried the first); a failure to record is added to {@code failure} rather than
     * hiding it.
     */
    public void auditFailure(Throwable failure) {
        try {
            record(errno(failure));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Inside the tree's commit: the command's rows, once. */
    private void recordWithFirstCommit() {
        if (!recorded) {
            record(Errno.SUCCESS);
        }
    }

    private void record(int errno) {
        recorded = true;
        if (operation == null || !(store instanceof AuditTrail trail)) {
            return;
        }
        long layer = fs != null ? fs.currentLayerId() : 0;
        Instant now = Instant.now();
        long time = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (treeLog != null) {
            for (String path : paths) {
                treeLog.record(new AuditEvent(time, layer, null, null, operation, path, 0, errno));
            }
            return; // the tree's next commit (at the latest when the session closes) writes them
        }
        if (store.findTenant(tenant).isEmpty()) {
            return;
        }
        try (AuditLog log = trail.auditLog(tenant)) {
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
