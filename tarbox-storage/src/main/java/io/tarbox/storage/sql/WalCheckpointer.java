package io.tarbox.storage.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies a SQLite store's write-ahead log into the database file on a thread of its own, after
 * trees commit. SQLite would otherwise do it inside a commit, once the log holds 1,000 pages: the
 * run's thread then waits while every page of the last few megabytes is read back from the log,
 * written to the database file and synced (bigio: a third of its time in SQLite). Here the run goes
 * on meanwhile. Durability does not change: a commit still returns once the log is synced, and a
 * checkpoint is SQLite's own crash-safe copy, which a writer never waits for (PASSIVE).
 *
 * <p>Every Tarbox connection to a SQLite store turns SQLite's own checkpoints down to a safety net
 * ({@link SqlDialect#SQLITE}: {@value #SAFETY_NET_PAGES} pages), so the log stays bounded if this
 * thread falls behind. The last connection to close copies what is left, as SQLite always does.
 */
final class WalCheckpointer implements AutoCloseable {
    /** SQLite's own checkpoints (in the committing thread) only past this many pages of log. */
    static final int SAFETY_NET_PAGES = 16_384;

    /** The database file. */
    private final String location;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tarbox-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** A checkpoint is asked for and has not started: later asks join it. */
    private final AtomicBoolean asked = new AtomicBoolean();
    /** Opened on the first checkpoint, by the checkpoint thread. */
    private Connection connection;

    private volatile boolean closed;

    WalCheckpointer(String location) {
        this.location = location;
    }

    /** Asks for a checkpoint after a commit (several asks before it starts make one). */
    void request() {
        if (!closed && asked.compareAndSet(false, true)) {
            try {
                thread.execute(this::checkpoint);
            } catch (RejectedExecutionException e) {
                asked.set(false); // closed meanwhile: the last connection's close copies the log
            }
        }
    }

    private void checkpoint() {
        asked.set(false);
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                connection = SqlDialect.SQLITE.connect(location);
            }
            try (var st = connection.createStatement();
                    var rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
            }
        } catch (SQLException e) {
            // Nothing is lost: the log still holds every commit, and the next checkpoint (or the
            // safety net, or the last close) copies it.
        }
    }

    /** Waits for a running checkpoint, drops one not started, and closes the connection. */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a read connection loses nothing
            }
        }
    }
}
