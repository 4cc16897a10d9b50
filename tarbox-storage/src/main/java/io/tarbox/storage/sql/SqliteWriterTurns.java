package io.tarbox.storage.sql;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns at SQLite's one write lock. SQLite gives the lock to whoever asks while it is free, and a
 * connection that finds it taken polls, sleeping between tries. A tree whose program writes without
 * pause commits (at least every second, see {@link GroupCommit}) and begins its next transaction
 * microseconds later, so a poller in another process or thread almost never found the lock free: it
 * waited out the busy timeout, and its call failed, for as long as the writer went on. So here a
 * connection that finds the lock taken says that it waits, with a shared lock on byte 0 of a file
 * beside the database ({@code NAME.writers.lock}), and one about to begin a write transaction first
 * lets every such waiter go: it waits until nobody holds that byte, for at most {@link #YIELD_NANOS}.
 *
 * <p>File locks belong to the whole JVM, and closing any channel of a file drops them all (POSIX):
 * this JVM's waiters of a database are counted here and share one channel and one shared lock.
 */
final class SqliteWriterTurns {
    /** How long a connection waits for the write lock before its statement fails (busy). */
    static final long WAIT_NANOS = 10_000_000_000L;
    /**
     * How long a writer lets waiters go first: longer than a transaction stays open while its
     * program runs ({@link GroupCommit#MAX_AGE_NANOS}), so each waiter gets its turn.
     */
    static final long YIELD_NANOS = 2 * GroupCommit.MAX_AGE_NANOS;

    private static final long LONGEST_SLEEP_MILLIS = 8;

    /** This JVM's connections waiting for one database's write lock, and the lock that says so. */
    private static final class Waiters {
        final FileChannel channel;
        final FileLock lock;
        int count;

        Waiters(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    private static final Map<Path, Waiters> WAITING = new HashMap<>();

    private SqliteWriterTurns() {}

    /** Begins a write transaction on {@code sql}, a connection to {@code database}, in turn. */
    static void beginWrite(Statements sql, Path database) throws SQLException {
        Path key = SqliteTenantLocks.canonical(database);
        try {
            letWaitersGo(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the transaction begins anyway; the caller sees the flag
        }
        SQLiteConnection connection = sql.connection().unwrap(SQLiteConnection.class);
        int busyTimeout = connection.getBusyTimeout();
        connection.setBusyTimeout(0); // this loop waits, saying so; SQLite's own wait would not
        boolean asked = false;
        boolean waiting = false;
        try {
            long deadline = System.nanoTime() + WAIT_NANOS;
            for (int tries = 0; ; tries++) {
                try {
                    sql.execute("BEGIN IMMEDIATE");
                    return;
                } catch (SQLiteException e) {
                    if ((e.getResultCode().code & 0xff) != SQLiteErrorCode.SQLITE_BUSY.code
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    if (!asked) {
                        asked = true;
                        waiting = startWaiting(key);
                    }
                    try {
                        Thread.sleep(tries < 3 ? 1L << tries : LONGEST_SLEEP_MILLIS); // 1, 2, 4, 8, 8 …
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e; // busy: the caller's retry sees the interrupt
                    }
                }
            }
        } finally {
            if (waiting) {
                stopWaiting(key);
            }
            connection.setBusyTimeout(busyTimeout);
        }
    }

    private static void letWaitersGo(Path key) throws InterruptedException {
        long until = System.nanoTime() + YIELD_NANOS;
        while (someoneWaits(key) && System.nanoTime() < until) {
            Thread.sleep(1);
        }
    }

    private static synchronized boolean someoneWaits(Path key) {
        if (WAITING.containsKey(key)) {
            return true;
        }
        // No lock of this JVM is on the file, so this channel's close drops none.
        try (FileChannel channel = FileChannel.open(lockFile(key), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(0, 1, false);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            return false; // nobody ever waited (no file), or it cannot be used: SQLite's own order
        }
    }

    /** Says that this connection waits; false when it cannot be said (the file cannot be used). */
    private static synchronized boolean startWaiting(Path key) {
        Waiters waiters = WAITING.get(key);
        if (waiters == null) {
            try {
                FileChannel channel = FileChannel.open(
                        lockFile(key), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    waiters = new Waiters(channel, channel.lock(0, 1, true));
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException e) {
                return false; // unsaid: this waiter polls as SQLite's own busy handler would
            }
            WAITING.put(key, waiters);
        }
        waiters.count++;
        return true;
    }

    private static synchronized void stopWaiting(Path key) {
        Waiters waiters = WAITING.get(key);
        if (waiters == null || --waiters.count > 0) {
            return;
        }
        WAITING.remove(key);
        try {
            waiters.channel.close(); // and the lock with it
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        }
    }

    private static Path lockFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".writers.lock");
    }
}
