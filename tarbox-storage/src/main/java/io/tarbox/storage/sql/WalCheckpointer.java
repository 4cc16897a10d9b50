package io.tarbox.storage.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
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
 *
 * <p>A full disk: SQLite needs room in its log even to delete, so a {@link DiskReserve} is kept
 * beside the file and given back when a tree finds the disk full. Then the log may hold data that
 * the program deletes next, and a checkpoint would first have to grow the database file by all of
 * it: on a full disk it cannot, so the log would never restart and every commit would need new
 * space, whatever the program deleted. Until it has got out of that, no checkpoint runs in the
 * background (a failing one eats what space is left) and each commit {@linkplain #reclaim
 * reclaims} instead: the file's free pages are given back ({@code incremental_vacuum}, on stores
 * made with auto-vacuum, see {@link SqlDialect#SQLITE}), which shrinks what the checkpoint must
 * write, then the log is copied and cut to nothing, and the reserve is set aside again.
 */
final class WalCheckpointer implements AutoCloseable {
    /** SQLite's own checkpoints (in the committing thread) only past this many pages of log. */
    static final int SAFETY_NET_PAGES = 16_384;

    /** The database file. */
    private final String location;

    /** Space set aside beside the file, given back when the disk fills. */
    private volatile DiskReserve reserve;

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

    /** The disk was found full and space has not been reclaimed since. */
    private volatile boolean reclaiming;

    /** For the store in {@code file}; sets its {@link DiskReserve} aside (if there is room). */
    WalCheckpointer(Path file) {
        this.location = file.toString();
        this.reserve = DiskReserve.beside(file.toAbsolutePath());
    }

    /**
     * The disk was found full: gives the reserve back, once a checkpoint running now has ended (one
     * that failed for want of space would otherwise eat it), and the next commits {@linkplain
     * #reclaim reclaim} until one succeeds.
     */
    void diskFull() {
        reclaiming = true; // checkpoints asked for and not started are skipped from now on
        try {
            thread.submit(() -> reserve.release()).get();
        } catch (ExecutionException | RejectedExecutionException e) {
            reserve.release(); // closing: nothing runs on the thread any more
        } catch (InterruptedException e) {
            reserve.release();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a commit: asks for a checkpoint; or, after a full disk, reclaims space before returning
     * and, once out of it, sets the reserve aside again for the next time.
     */
    void committed() {
        if (!reclaiming) {
            request();
            return;
        }
        try {
            if (!closed && thread.submit(this::reclaim).get()) {
                reclaiming = false;
                reserve = DiskReserve.beside(Path.of(location).toAbsolutePath());
            }
        } catch (ExecutionException | RejectedExecutionException e) {
            // not this time: the next commit tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        if (closed || reclaiming) {
            return; // on a full disk, a checkpoint that cannot finish would eat the space left
        }
        try (Statement st = connection().createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
        } catch (SQLException e) {
            // Nothing is lost: the log still holds every commit, and the next checkpoint (or the
            // safety net, or the last close) copies it.
        }
    }

    /**
     * Gives the database file's free pages back, then copies the whole log and truncates it; true
     * when all of that was done. Skips the copy (false) when the disk has not the room it needs:
     * a checkpoint that fails on a full disk would have written all the free space first.
     */
    private boolean reclaim() {
        try (Statement st = connection().createStatement()) {
            st.executeUpdate("PRAGMA incremental_vacuum"); // (execute() would free one page only)
            long size;
            try (ResultSet rs =
                    st.executeQuery("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")) {
                rs.next();
                size = rs.getLong(1); // what the file will hold once the log is copied
            }
            Path file = Path.of(location);
            long growth = size - Files.size(file);
            if (growth > Files.getFileStore(file).getUsableSpace()) {
                return false;
            }
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                return rs.next() && rs.getInt(1) == 0; // 1: a reader or writer kept it from finishing
            }
        } catch (SQLException | IOException e) {
            return false; // still full, or busy: the next commit tries again
        }
    }

    /** The checkpoint thread's own connection, opened on first use. */
    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = SqlDialect.SQLITE.connect(location);
        }
        return connection;
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
