package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's write-ahead log is copied into the database file by the store's checkpoint thread
 * ({@link WalCheckpointer}) while trees go on committing, and new files get 16 KiB pages and
 * incremental auto-vacuum while existing ones keep theirs.
 */
class SqliteCheckpointTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void committedDataReachesTheDatabaseFileWhileTheStoreIsOpen() throws Exception {
        Path db = dir.resolve("tarbox.db");
        byte[] data = randomBytes(12 * MIB);
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            long ino = fs.create(fs.rootIno(), "big", 0644, true).ino();
            for (int off = 0; off < data.length; off += 65536) {
                fs.write(ino, off, data, off, 65536);
            }
            fs.sync(ino);
            long before = Files.size(db);
            // SQLite itself would copy the log only past the safety net (far more than 12 MiB),
            // or at the last close: a database file that grows now was filled by the thread.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.size(db) < data.length && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(
                    Files.size(db) >= data.length,
                    "the database file holds the committed data (" + before + " -> " + Files.size(db) + " bytes)");
            byte[] back = new byte[data.length];
            for (int off = 0; off < back.length; off += 65536) {
                assertEquals(65536, fs.read(ino, off, back, off, 65536));
            }
            assertArrayEquals(data, back);
        }
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            long ino = fs.lookup(fs.rootIno(), "big").ino();
            byte[] back = new byte[data.length];
            for (int off = 0; off < back.length; off += 65536) {
                fs.read(ino, off, back, off, 65536);
            }
            assertArrayEquals(data, back, "the file is whole after the store was closed and opened again");
        }
    }

    @Test
    void aNewStoreUses16KiBPagesAndIncrementalVacuumAndAnOldOneKeepsItsOwn() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqlStore.openSqlite(fresh).close();
        assertEquals(16384, pragma(fresh, "page_size"));
        assertEquals(2, pragma(fresh, "auto_vacuum"), "INCREMENTAL");

        // A store made before either: SQLite's default pages, 4 KiB, and no auto-vacuum.
        Path old = dir.resolve("old.db");
        SqlStore.openSqlite(old).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old);
                var st = c.createStatement()) {
            for (String sql : List.of(
                    "PRAGMA journal_mode = DELETE", // WAL keeps the page size
                    "PRAGMA page_size = 4096",
                    "PRAGMA auto_vacuum = NONE",
                    "VACUUM", // rewrites the file with both
                    "PRAGMA journal_mode = WAL")) {
                st.execute(sql);
                st.getMoreResults(); // closes what a pragma returned: VACUUM needs no statement open
            }
        }
        assertEquals(4096, pragma(old, "page_size"));
        assertEquals(0, pragma(old, "auto_vacuum"));
        byte[] data = randomBytes(MIB);
        try (SqlStore store = SqlStore.openSqlite(old);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            long ino = fs.create(fs.rootIno(), "f", 0644, true).ino();
            fs.write(ino, 0, data, 0, data.length);
        }
        assertEquals(4096, pragma(old, "page_size"));
        assertEquals(0, pragma(old, "auto_vacuum"));
        try (SqlStore store = SqlStore.openSqlite(old);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            byte[] back = new byte[data.length];
            assertEquals(data.length, fs.read(fs.lookup(fs.rootIno(), "f").ino(), 0, back, 0, back.length));
            assertArrayEquals(data, back);
        }
    }

    private static long pragma(Path db, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var rs = c.createStatement().executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }
}
