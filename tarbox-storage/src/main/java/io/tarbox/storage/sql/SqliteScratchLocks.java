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
 * Which scratch layers of a SQLite database belong to a live run, told by the operating system: the
 * process running an {@code --atomic} or {@code --ephemeral} run holds an exclusive lock on the
 * byte at the layer's key ({@link SqlDialect#scratchKey}: tenant and layer id) of a file beside the
 * database ({@code NAME.layers.lock}) for as long as the run
 * lasts. {@code gc} takes a layer's owner for gone only when it can take that lock itself; a process
 * that dies loses its locks with it. This is what a session-level advisory lock does on PostgreSQL
 * (see {@link SqlDialect#holdScratch}). Keys are never reused, so a byte is never shared by two
 * layers.
 *
 * <p>File locks belong to the whole JVM (a second lock of this JVM on a held byte is refused, not
 * granted), so the layers held by this JVM are known here, and every lock goes through one channel
 * per database: closing another channel of the file would drop this JVM's locks on it (POSIX).
 */
final class SqliteScratchLocks {
    /** One database's lock file and the layers this JVM holds in it. */
    private static final class LockFile {
        final FileChannel channel;
        final Map<Long, FileLock> held = new HashMap<>();

        LockFile(FileChannel channel) {
            this.channel = channel;
        }
    }

    private static final Map<Path, LockFile> FILES = new HashMap<>();

    private SqliteScratchLocks() {}

    /** Marks the scratch layer of {@code layerKey} (SqlDialect#scratchKey) as owned by this process until {@link #release}. */
    static synchronized void hold(Path database, long layerKey) throws SQLException {
        Path key = SqliteTenantLocks.canonical(database);
        try {
            LockFile file = file(key);
            if (!file.held.containsKey(layerKey)) {
                // Blocks only while a gc is trying the byte, a moment; nobody else ever holds it.
                file.held.put(layerKey, file.channel.lock(layerKey, 1, false));
            }
        } catch (IOException | OverlappingFileLockException e) {
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        }
    }

    /** The layer has been published or discarded (or is left for gc): gives its lock up. */
    static synchronized void release(Path database, long layerKey) {
        Path key = SqliteTenantLocks.canonical(database);
        LockFile file = FILES.get(key);
        if (file == null) {
            return;
        }
        FileLock lock = file.held.remove(layerKey);
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below (or the process ending) releases it too
            }
        }
        if (file.held.isEmpty()) {
            FILES.remove(key);
            try {
                file.channel.close();
            } catch (IOException ignored) {
                // nothing is held through it any more
            }
        }
    }

    /** Whether no process (this one included) holds the scratch layer of {@code layerKey}: its run is over. */
    static synchronized boolean ownerGone(Path database, long layerKey) throws SQLException {
        Path key = SqliteTenantLocks.canonical(database);
        LockFile file = FILES.get(key);
        if (file != null && file.held.containsKey(layerKey)) {
            return false;
        }
        try {
            if (file != null) {
                return tryExclusive(file.channel, layerKey);
            }
            try (FileChannel channel = open(key)) {
                return tryExclusive(channel, layerKey); // this JVM holds nothing in the file: closing is harmless
            }
        } catch (IOException | OverlappingFileLockException e) {
            throw new SQLException("cannot lock " + lockFile(key) + ": " + e.getMessage(), e);
        }
    }

    private static boolean tryExclusive(FileChannel channel, long layerKey) throws IOException {
        FileLock lock = channel.tryLock(layerKey, 1, false);
        if (lock != null) {
            lock.release();
        }
        return lock != null;
    }

    private static LockFile file(Path key) throws IOException {
        LockFile file = FILES.get(key);
        if (file == null) {
            file = new LockFile(open(key));
            FILES.put(key, file);
        }
        return file;
    }

    private static FileChannel open(Path key) throws IOException {
        return FileChannel.open(
                lockFile(key), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static Path lockFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".layers.lock");
    }
}
