package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite database that another process keeps busy longer than the busy timeout (10 s): the call
 * that needed the write lock is tried again once the lock is free, instead of failing and
 * disabling the filesystem; a tree that needs no write lock opens and closes meanwhile.
 */
class SqliteBusyTest {
    @TempDir
    Path dir;

    @Test
    void aCallOutlastsAWriteLockHeldPastTheBusyTimeout() throws Exception {
        Path db = dir.resolve("tarbox.db");
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            long root = fs.rootIno();
            fs.mkdir(root, "d", 0755);
            fs.syncAll();
            CompletableFuture<FileAttributes> create;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                other.createStatement().execute("BEGIN IMMEDIATE"); // another process's long transaction
                create = CompletableFuture.supplyAsync(() -> fs.create(root, "f", 0644, true));
                Thread.sleep(12_000); // the first attempt gives up after 10 s
                assertFalse(create.isDone(), "the call waits rather than fails");
                other.createStatement().execute("COMMIT");
            }
            FileAttributes f = create.get(60, TimeUnit.SECONDS);
            fs.syncAll();
            assertEquals(f.ino(), fs.lookup(root, "f").ino());
            fs.create(root, "g", 0644, true); // still usable
            fs.syncAll();
        }
    }

    /**
     * Files unlinked while another tree of the tenant was open stay (nlink 0) until a tree alone
     * frees them, at its open or close. A tree that is not alone must not wait for the write lock
     * to find that out: a process that writes without pause can keep it past the busy timeout, and
     * the close would fail (as it once did in {@code SqliteTreeRaceTest}).
     */
    @Test
    void aTreeThatIsNotAloneOpensAndClosesWithoutWaitingForTheWriteLock() throws Exception {
        Path db = dir.resolve("tarbox.db");
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface writer = store.openFilesystem(Tenant.DEFAULT);
                SqlStore otherStore = SqlStore.openSqlite(db)) {
            FilesystemInterface reader = otherStore.openFilesystem(Tenant.DEFAULT); // closed below
            long root = writer.rootIno();
            writer.create(root, "gone", 0644, true);
            writer.unlink(root, "gone"); // an orphan: the reader is in the tenant
            writer.syncAll();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                other.createStatement().execute("BEGIN IMMEDIATE"); // a writer that never pauses
                CompletableFuture<Void> openAndClose = CompletableFuture.runAsync(() -> {
                    try (FilesystemInterface third = store.openFilesystem(Tenant.DEFAULT)) {
                        third.getattr(root);
                    }
                    reader.close();
                });
                openAndClose.get(8, TimeUnit.SECONDS); // well inside the busy timeout: no waiting
                other.createStatement().execute("COMMIT");
            }
            assertEquals(1, unlinkedInodes(db), "kept while the writer's tree is open");
        }
        assertEquals(0, unlinkedInodes(db), "freed by the last tree out, alone");
    }

    /** The same for a file's last release: a tree that is not alone keeps the file, at once. */
    @Test
    void aTreeThatIsNotAloneLetsGoOfADeletedFileWithoutWaitingForTheWriteLock() throws Exception {
        Path db = dir.resolve("tarbox.db");
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
                SqlStore otherStore = SqlStore.openSqlite(db);
                FilesystemInterface other = otherStore.openFilesystem(Tenant.DEFAULT)) {
            long root = fs.rootIno();
            long ino = fs.create(root, "held", 0644, true).ino();
            fs.hold(ino); // a program's descriptor
            fs.unlink(root, "held");
            fs.forget(ino);
            fs.syncAll();
            try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                writer.createStatement().execute("BEGIN IMMEDIATE"); // a writer that never pauses
                CompletableFuture.runAsync(() -> fs.release(ino)).get(8, TimeUnit.SECONDS);
                writer.createStatement().execute("COMMIT");
            }
            other.syncAll();
            assertEquals(1, unlinkedInodes(db), "kept: the other tree might hold it");
        }
    }

    private static int unlinkedInodes(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM inodes WHERE nlink = 0")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
