package io.tarbox.server;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.host.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The trees the server has open: one per tenant, opened through the store as the CLI opens them
 * ({@code openFilesystem}, so on PostgreSQL each tree's connection is scoped to its tenant and
 * row-level security applies), shared by the tenant's requests and closed (committed) after
 * {@link #IDLE_MILLIS} without one, so that the CLI can take snapshots of an idle tenant.
 *
 * <p>A request works on a tree under the tenant's lock ({@link Lease#lock}); a streamed body
 * takes it once per buffer, so that a slow upload does not hold the tenant up. Changes are
 * committed before the response says they succeeded ({@link Lease#commit}), with their rows in the
 * audit trail (the token's name, the operation, the path) in the same transaction.
 */
final class Trees implements AutoCloseable {
    static final long IDLE_MILLIS = 10_000;

    private final SqlStore store;
    private final Map<String, Entry> open = new HashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tarbox-idle-trees");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> beforeClose = new ArrayList<>();
    private boolean closed;

    Trees(SqlStore store) {
        this.store = store;
        sweeper.scheduleWithFixedDelay(this::closeIdle, IDLE_MILLIS, IDLE_MILLIS / 2, TimeUnit.MILLISECONDS);
    }

    SqlStore store() {
        return store;
    }

    private static final class Entry {
        final LayeredFilesystem fs;
        final AuditLog log;
        final TenantLock lock;
        /** Counts the changes remote clients must hear of at their next refresh (see {@link Lease#generation}). */
        long generation;

        int users;
        long lastUsed = System.currentTimeMillis();

        Entry(LayeredFilesystem fs, AuditLog log, ScheduledExecutorService timer) {
            this.fs = fs;
            this.log = log;
            this.lock = new TenantLock(fs, timer);
        }
    }

    /** One request's use of a tenant's tree; close it when the request is done. */
    final class Lease implements AutoCloseable {
        private final String tenant;
        private final Entry entry;
        private boolean released;

        private Lease(String tenant, Entry entry) {
            this.tenant = tenant;
            this.entry = entry;
        }

        LayeredFilesystem fs() {
            return entry.fs;
        }

        String tenant() {
            return tenant;
        }

        /** The tree's lock; requests wait in it while a remote client holds the tree. */
        TenantLock lock() {
            return entry.lock;
        }

        /**
         * The tree's generation: it moves with every change made through the server and every
         * refresh that saw another process's commit, so a remote client whose view is of an older
         * generation knows to drop its caches. Read and move it under the lock.
         */
        long generation() {
            return entry.generation;
        }

        /** Moves the generation: the tree changed. Call under the lock. */
        long changed() {
            return ++entry.generation;
        }

        /** Refreshes the tree; moves the generation when that showed another process's commit. Under the lock. */
        void refresh() {
            if (entry.fs.refreshSeesChanges()) {
                entry.generation++;
            }
        }

        /**
         * Records that the request did {@code operation} on {@code paths} (errno 0, or of the
         * failure) as token {@code token}, and commits the tree with the rows. Call under the lock.
         */
        void commit(String operation, List<String> paths, String token, FsException failure) {
            long layer = entry.fs.currentLayerId();
            long now = Authenticator.now();
            int errno = failure == null ? Errno.SUCCESS : Errno.of(failure.error());
            for (String path : paths) {
                entry.log.record(new AuditEvent(now, layer, null, null, operation, path, null, 0, errno, token));
            }
            entry.generation++;
            entry.fs.syncAll();
            entry.log.flush();
        }

        /** The tree's audit log, whose rows go into the tree's own commits. */
        AuditLog log() {
            return entry.log;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }

    /**
     * Leases the tenant's tree, opening it if needed.
     *
     * @throws FsException NOT_FOUND for an unknown tenant
     */
    Lease lease(String tenant) {
        Entry entry;
        synchronized (this) {
            if (closed) {
                throw new FsException(FsError.IO, "the server is stopping");
            }
            entry = open.get(tenant);
            if (entry == null) {
                LayeredFilesystem fs = store.openFilesystem(tenant);
                entry = new Entry(fs, store.auditLog(fs), sweeper);
                open.put(tenant, entry);
            }
            entry.users++;
        }
        Lease lease = new Lease(tenant, entry);
        entry.lock.lock();
        try {
            lease.refresh(); // what other processes committed since
        } finally {
            entry.lock.unlock();
        }
        return lease;
    }

    private synchronized void release(Entry entry) {
        entry.users--;
        entry.lastUsed = System.currentTimeMillis();
    }

    /** Commits and closes trees no request used for {@link #IDLE_MILLIS}. */
    void closeIdle() {
        List<Entry> idle = new ArrayList<>();
        synchronized (this) {
            long now = System.currentTimeMillis();
            open.entrySet().removeIf(e -> {
                Entry entry = e.getValue();
                if (entry.users == 0 && now - entry.lastUsed >= IDLE_MILLIS) {
                    idle.add(entry);
                    return true;
                }
                return false;
            });
        }
        for (Entry entry : idle) {
            closeQuietly(entry);
        }
    }

    private static void closeQuietly(Entry entry) {
        entry.lock.lock();
        try {
            entry.log.flush();
            entry.fs.close();
        } catch (RuntimeException e) {
            System.err.println("tarbox serve: closing a tree failed: " + e.getMessage());
        } finally {
            entry.lock.unlock();
        }
    }

    /** A read-only view of a snapshot of {@code tenant}; close it after the request. */
    FilesystemInterface snapshot(String tenant, String name) {
        return store.openSnapshot(tenant, name);
    }

    /** Runs {@code hook} when the server stops, before the trees are closed. */
    synchronized void beforeClose(Runnable hook) {
        beforeClose.add(hook);
    }

    /** Commits and closes every tree (in-flight requests have finished). */
    @Override
    public void close() {
        List<Runnable> hooks;
        synchronized (this) {
            hooks = List.copyOf(beforeClose);
        }
        hooks.forEach(Runnable::run);
        List<Entry> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        sweeper.shutdownNow();
        for (Entry entry : all) {
            closeQuietly(entry);
        }
    }
}
