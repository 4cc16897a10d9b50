package io.tarbox.storage.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The write transaction of one filesystem and when to commit it. Metadata operations run inside an
 * open transaction (started on the first change after a commit); file data waits in the write
 * buffer. A commit flushes the buffer into the same transaction and commits it, so every commit
 * is one consistent state of the tree. Besides explicit syncs, a commit happens when the buffer
 * holds {@link #MAX_BUFFERED_BYTES}, when {@link #MAX_OPERATIONS} changes are pending, or when the
 * oldest uncommitted change is older than {@link #MAX_AGE_NANOS}: checked at each change and by
 * the {@link #TIMER}, so an idle filesystem never holds the database's write lock (which other
 * filesystems and processes wait for) for much longer than that.
 */
final class GroupCommit {
    /** Buffered file data that forces a commit: bounds memory (a 200 MB file under -Xmx128m). */
    static final long MAX_BUFFERED_BYTES = 8L << 20;
    /** Pending metadata changes that force a commit: bounds the work a crash can lose. */
    static final int MAX_OPERATIONS = 10_000;
    /** Age after which the next change commits: bounds how long other writers wait for the lock. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    /** How often the timer looks for stale transactions. */
    static final long TIMER_PERIOD_MILLIS = 200;

    /** One daemon thread for all open filesystems: commits transactions that went stale. */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tarbox-group-commit");
        t.setDaemon(true);
        return t;
    });

    /** What {@link #commit} returns when no transaction was open. */
    static final long NOTHING_COMMITTED = -1;

    private final Statements sql;
    private final SqlDialect dialect;
    private final long tenant;
    /** The tenant's top layer every commit expects (see {@link LayerChain#guard}). */
    private final LongSupplier expectedTop;
    /** Told when a transaction ends, committed or not (its locks are released). */
    private final Runnable onEnd;
    /** Runs inside every transaction just before it commits (the tree's audit events, see AuditJournal). */
    private Hook beforeCommit = () -> {};

    private boolean open;
    /** Inside a step (see {@link #beginStep}): its statements can be rolled back alone. */
    private boolean inStep;
    /** The step started the transaction: rolling it back undoes the step and nothing else. */
    private boolean stepBegan;
    /** The step set the savepoint it would be rolled back to. */
    private boolean stepSavepoint;
    /** A savepoint of an earlier step is set and not released (released when the next one is set). */
    private boolean savepointSet;
    /**
     * The tenant's version when the open transaction excludes every other tree (see
     * {@link SqlDialect#beginSole}), else -1: steps set no savepoints, refreshes read no version.
     */
    private long soleVersion = -1;
    /** Changes since the last commit, and when the first of them happened. */
    private int operations;

    private long firstChangeNanos;

    GroupCommit(Statements sql, SqlDialect dialect, long tenant, LongSupplier expectedTop, Runnable onEnd) {
        this.sql = sql;
        this.dialect = dialect;
        this.tenant = tenant;
        this.expectedTop = expectedTop;
        this.onEnd = onEnd;
    }

    /** A step of the commit that may fail. */
    interface Hook {
        void run() throws SQLException;
    }

    /** Sets what runs inside every transaction just before it commits. */
    void beforeCommit(Hook hook) {
        this.beforeCommit = hook;
    }

    /**
     * Starts the write transaction unless one is open; inside a step, makes sure the step's changes
     * can be rolled back alone: the transaction started by the step, or (PostgreSQL) a savepoint
     * set before the step's first change in an open transaction. Call before every change.
     */
    void begin() throws SQLException {
        if (!open) {
            dialect.beginWrite(sql);
            open = true;
            stepBegan = inStep;
            soleVersion = dialect.beginSole(sql, tenant);
        } else if (inStep && !stepBegan && !stepSavepoint && soleVersion < 0 && dialect.savepointPerStep()) {
            // One round trip: the previous step's savepoint is released as this one's is set, so
            // savepoints never nest deeper than one.
            sql.execute(savepointSet ? "RELEASE SAVEPOINT step; SAVEPOINT step" : "SAVEPOINT step");
            savepointSet = true;
            stepSavepoint = true;
        }
    }

    /**
     * Starts a step: one operation, or one commit, whose statements are rolled back alone, and the
     * step tried again, when it fails transiently (see {@link #canUndoStep}).
     */
    void beginStep() {
        inStep = true;
        stepBegan = false;
        stepSavepoint = false;
    }

    /** The step is over (done, or undone by {@link #undoStep}). */
    void endStep() {
        inStep = false;
    }

    /**
     * Whether the current step's statements can be rolled back without those of earlier steps: it
     * changed nothing in the database yet, started the transaction itself, or set a savepoint.
     */
    boolean canUndoStep() {
        return !open || stepBegan || stepSavepoint;
    }

    /** Rolls back the statements of the current step (see {@link #canUndoStep}) and ends it. */
    void undoStep() throws SQLException {
        if (open && stepBegan) {
            rollback();
        } else if (open && stepSavepoint) {
            sql.execute("ROLLBACK TO SAVEPOINT step");
        }
        endStep();
    }

    boolean isOpen() {
        return open;
    }

    /**
     * The tenant's version as committed by others, when the open transaction keeps every other
     * tree out (so it cannot change until this one commits); -1 when it has to be read.
     */
    long soleVersion() {
        return open ? soleVersion : -1;
    }

    /** Counts one change; returns whether the transaction should be committed now. */
    boolean changed(long bufferedBytes) {
        long now = System.nanoTime();
        if (operations++ == 0) {
            firstChangeNanos = now;
        }
        return bufferedBytes >= MAX_BUFFERED_BYTES
                || operations >= MAX_OPERATIONS
                || now - firstChangeNanos >= MAX_AGE_NANOS;
    }

    /** Whether uncommitted changes are older than {@link #MAX_AGE_NANOS}. */
    boolean stale() {
        return operations > 0 && System.nanoTime() - firstChangeNanos >= MAX_AGE_NANOS;
    }

    /**
     * Commits the open transaction, bumping the tenant's version in it (the last statement, so the
     * tenant row is locked only for the commit itself); returns the new version, or
     * {@link #NOTHING_COMMITTED}. The bump also checks that the tenant's top layer is still the one
     * this tree writes on: a snapshot or restore by another process froze or replaced it, and
     * committing into a frozen layer would change a snapshot, so the transaction fails instead.
     */
    long commit() throws SQLException {
        operations = 0;
        if (!open) {
            return NOTHING_COMMITTED;
        }
        beforeCommit.run();
        PreparedStatement bump = sql.get("UPDATE tenants SET version = version + 1 WHERE id = ? AND top_layer = ?");
        bump.setLong(1, tenant);
        bump.setLong(2, expectedTop.getAsLong());
        if (bump.executeUpdate() == 0) {
            throw new SQLException("the tenant was snapshotted or restored by another process;"
                    + " this tree's uncommitted changes are lost");
        }
        long version = TenantVersion.read(sql, tenant);
        sql.execute("COMMIT");
        open = false;
        savepointSet = false;
        soleVersion = -1;
        onEnd.run();
        return version;
    }

    /** Abandons the transaction after a failure; never throws. */
    void rollback() {
        operations = 0;
        if (open) {
            open = false;
            savepointSet = false;
            soleVersion = -1;
            try {
                sql.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // the connection is unusable anyway; the filesystem refuses further calls
            }
            onEnd.run();
        }
    }
}
