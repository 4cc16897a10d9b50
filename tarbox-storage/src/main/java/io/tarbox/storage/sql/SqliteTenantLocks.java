package io.tarbox.storage.sql;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which processes have a tenant of a SQLite database open, told by the operating system: each
 * process holding a tenant open holds a shared lock on byte {@code tenant id} of a file beside the
 * database ({@code NAME.tenants.lock}). Who wants the tenant to itself (the orphan sweep, a
 * snapshot) tries for an exclusive lock on that byte. This is what PostgreSQL's shared advisory
 * lock does for a PostgreSQL database. A process that dies loses its locks with it.
 *
 * <p>File locks belong to the whole JVM, so trees of one tenant opened in this JVM are counted
 * here and the JVM holds one shared lock for all of them; a tree asking for exclusivity gets it
 * only when it is the JVM's only tree of the tenant, as a PostgreSQL session would.
 */
final class SqliteTenantLocks {
    /** One database's lock file, and how many trees of this JVM hold each tenant. */
    private static final class LockFile {
        final FileChannel channel;
        final Map<Long, Integer> holders = new HashMap<>();
        final Map<Long, FileLock> shared = new HashMap<>();
        /** Tenants this JVM holds to itself ({@link #tryHoldAlone}): trees of them wait in {@link #join}. */
        final Map<Long, FileLock> exclusive = new HashMap<>();
        /** Trees of this JVM waiting in {@link #join} for a tenant held alone: no upgrade goes before them. */
        final Map<Long, Integer> joining = new HashMap<>();

        LockFile(FileChannel channel) {
            this.channel = channel;
        }
    }

    private static final Map<Path, LockFile> FILES = new HashMap<>();

    /**
     * Byte {@code PROBE + tenant} of the lock file is held (exclusively) by a process while it tries
     * for the tenant's exclusive lock. {@link #aloneIn} and {@link #tryUpgrade} give up their shared
     * lock for that moment: without this, two processes doing so at once could each see the
     * other's lock gone, and one take itself for the only one (the more often, the more often
     * {@link SqlFilesystem#forget} asks).
     */
    private static final long PROBE = 1L << 62;

    private SqliteTenantLocks() {}

    /** Records that a tree of {@code tenant} is open in this process; undo with {@link #leave}. */
    static synchronized void join(Path database, long tenant) throws SQLException {
        Path key = canonical(database);
        LockFile file;
        try {
            // Held alone by this JVM (a repair): wait for it, as another process waits in lock() below.
            while ((file = FILES.get(key)) != null && file.exclusive.containsKey(tenant)) {
                file.joining.merge(tenant, 1, Integer::sum);
                try {
                    SqliteTenantLocks.class.wait();
                } finally {
                    file.joining.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the tenant was held alone (a repair)", e);
        }
        try {
            if (file == null) {
                FileChannel channel = FileChannel.open(
                        lockFile(key), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                file = new LockFile(channel);
                FILES.put(key, file);
            }
            int holders = file.holders.getOrDefault(tenant, 0);
            if (holders == 0) {
                file.shared.put(tenant, file.channel.lock(tenant, 1, true));
            }
            file.holders.put(tenant, holders + 1);
        } catch (IOException e) {
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        }
    }

    /** A tree of {@code tenant} closed. */
    static synchronized void leave(Path database, long tenant) {
        Path key = canonical(database);
        LockFile file = FILES.get(key);
        if (file == null) {
            return;
        }
        int holders = file.holders.getOrDefault(tenant, 0) - 1;
        if (holders > 0) {
            file.holders.put(tenant, holders);
            return;
        }
        file.holders.remove(tenant);
        release(file.shared.remove(tenant));
        // An exclusive lock beside an open tree is its upgrade (a repair's never is): it goes too.
        if (file.exclusive.containsKey(tenant)) {
            release(file.exclusive.remove(tenant));
            SqliteTenantLocks.class.notifyAll();
        }
        closeIfUnused(key, file);
    }

    private static void closeIfUnused(Path key, LockFile file) {
        if (file.holders.isEmpty() && file.exclusive.isEmpty()) {
            FILES.remove(key);
            try {
                file.channel.close();
            } catch (IOException ignored) {
                // the locks go with the channel anyway
            }
        }
    }

    /**
     * Takes {@code tenant} to this process alone when no tree of it is open anywhere (this process
     * included): an exclusive lock on its byte, kept until {@link #releaseAlone}. Meanwhile a tree of
     * the tenant opening in another process waits for the lock, and one opening in this process
     * waits in {@link #join}. False, and nothing held, when a tree is open.
     */
    static synchronized boolean tryHoldAlone(Path database, long tenant) throws SQLException {
        Path key = canonical(database);
        LockFile file = FILES.get(key);
        if (file != null && (file.holders.containsKey(tenant) || file.exclusive.containsKey(tenant))) {
            return false;
        }
        try {
            if (file == null) {
                file = new LockFile(FileChannel.open(
                        lockFile(key), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
                FILES.put(key, file);
            }
            FileChannel channel = file.channel;
            FileLock lock = probing(channel, tenant, () -> channel.tryLock(tenant, 1, false));
            if (lock == null) {
                closeIfUnused(key, file);
                return false;
            }
            file.exclusive.put(tenant, lock);
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            if (file != null) {
                closeIfUnused(key, file);
            }
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        }
    }

    /** Gives up what {@link #tryHoldAlone} took; trees waiting to open go on. */
    static synchronized void releaseAlone(Path database, long tenant) {
        Path key = canonical(database);
        LockFile file = FILES.get(key);
        if (file == null) {
            return;
        }
        release(file.exclusive.remove(tenant));
        closeIfUnused(key, file);
        SqliteTenantLocks.class.notifyAll();
    }

    /**
     * For the only tree of {@code tenant} open in this JVM: when no other process has the tenant
     * open either, turns this JVM's shared lock into the exclusive one, kept until
     * {@link #downgrade}; trees of the tenant opening meanwhile wait (here in {@link #join}, in other
     * processes for the lock). False, with the shared lock kept, otherwise.
     */
    static synchronized boolean tryUpgrade(Path database, long tenant) throws SQLException {
        LockFile file = FILES.get(canonical(database));
        if (file == null || file.holders.getOrDefault(tenant, 0) != 1) {
            return false;
        }
        if (file.exclusive.containsKey(tenant)) {
            return true; // upgraded already (a repair's hold never coexists with an open tree)
        }
        if (file.joining.containsKey(tenant)) {
            return false; // a tree of this JVM let in by the last downgrade has not joined yet
        }
        try {
            return probing(file.channel, tenant, () -> {
                release(file.shared.remove(tenant));
                FileLock exclusive = file.channel.tryLock(tenant, 1, false);
                if (exclusive == null) {
                    file.shared.put(tenant, file.channel.lock(tenant, 1, true));
                    return false;
                }
                file.exclusive.put(tenant, exclusive);
                return true;
            });
        } catch (IOException | OverlappingFileLockException e) {
            throw new SQLException("cannot lock " + lockFile(canonical(database)) + ": " + e.getMessage(), e);
        }
    }

    /** Undoes {@link #tryUpgrade}: the tree keeps the tenant shared; trees waiting to open go on. */
    static synchronized void downgrade(Path database, long tenant) throws SQLException {
        Path key = canonical(database);
        LockFile file = FILES.get(key);
        if (file == null || !file.holders.containsKey(tenant)) {
            return;
        }
        FileLock exclusive = file.exclusive.remove(tenant);
        if (exclusive == null) {
            return;
        }
        try {
            release(exclusive);
            file.shared.put(tenant, file.channel.lock(tenant, 1, true));
        } catch (IOException | OverlappingFileLockException e) {
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        } finally {
            SqliteTenantLocks.class.notifyAll();
        }
    }

    /**
     * Whether the caller's tree is the only one of {@code tenant} open in any process. The shared
     * lock is given up for a moment to try the exclusive one, then taken again.
     */
    static synchronized boolean aloneIn(Path database, long tenant) throws SQLException {
        Path key = canonical(database);
        LockFile file = FILES.get(key);
        if (file == null || file.holders.getOrDefault(tenant, 0) != 1) {
            return false;
        }
        if (file.exclusive.containsKey(tenant)) {
            return true; // the tree holds it alone (tryUpgrade)
        }
        try {
            return probing(file.channel, tenant, () -> {
                release(file.shared.remove(tenant));
                boolean alone = tryExclusive(file.channel, tenant);
                file.shared.put(tenant, file.channel.lock(tenant, 1, true));
                return alone;
            });
        } catch (IOException | OverlappingFileLockException e) {
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        }
    }

    /** Whether no tree of {@code tenant} is open, in this process or any other. */
    static synchronized boolean nobodyIn(Path database, long tenant) throws SQLException {
        Path key = canonical(database);
        LockFile file = FILES.get(key);
        if (file != null && (file.holders.containsKey(tenant) || file.exclusive.containsKey(tenant))) {
            return false;
        }
        try {
            if (file != null) {
                // Closing a second channel of the file would drop this JVM's other locks on it (POSIX).
                FileChannel channel = file.channel;
                return probing(channel, tenant, () -> tryExclusive(channel, tenant));
            }
            try (FileChannel channel = FileChannel.open(
                    lockFile(key), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return probing(channel, tenant, () -> tryExclusive(channel, tenant));
            }
        } catch (IOException | OverlappingFileLockException e) {
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        }
    }

    /** Whether the tenant's exclusive lock could be had now (it is not kept); the caller probes. */
    private static boolean tryExclusive(FileChannel channel, long tenant) throws IOException {
        FileLock exclusive = channel.tryLock(tenant, 1, false);
        if (exclusive != null) {
            exclusive.release();
        }
        return exclusive != null;
    }

    private interface LockStep<T> {
        T run() throws IOException;
    }

    /** Runs {@code step} holding the tenant's probe byte ({@link #PROBE}), which others hold for microseconds. */
    private static <T> T probing(FileChannel channel, long tenant, LockStep<T> step) throws IOException {
        FileLock probe = channel.lock(PROBE + tenant, 1, false);
        try {
            return step.run();
        } finally {
            probe.release();
        }
    }

    /**
     * The database's real path: one file reached through a symbolic link or another relative path
     * must get the same lock file, or two processes would not see each other.
     */
    static Path canonical(Path database) {
        try {
            return database.toRealPath();
        } catch (IOException e) {
            return database.toAbsolutePath().normalize(); // not there (yet): as named
        }
    }

    private static Path lockFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".tenants.lock");
    }

    private static void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
    }
}
