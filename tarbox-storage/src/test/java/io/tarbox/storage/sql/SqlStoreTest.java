package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.StorageException;
import io.tarbox.storage.StoreFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store: opening, schema versions, tenants, isolation, dedup, orphans, buffering. */
class SqlStoreTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("nested/dirs/tarbox.db");
    }

    private static long count(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static byte[] read(FilesystemInterface fs, long ino) {
        byte[] out = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, out, 0, out.length);
        return out;
    }

    @Test
    void firstOpenCreatesFileParentsSchemaAndDefaultTenant() {
        try (SqlStore store = SqlStore.openSqlite(db())) {
            assertTrue(Files.isRegularFile(db()));
            assertEquals(
                    List.of(Tenant.DEFAULT),
                    store.listTenants().stream().map(Tenant::name).toList());
            assertEquals(db().toString(), store.location());
        }
        try (var store = StoreFactory.open(db().toString())) {
            assertEquals(1, store.listTenants().size(), "reopening adds nothing");
        }
    }

    @Test
    void theDatabaseUsesWriteAheadLogging() throws Exception {
        SqlStore.openSqlite(db()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void reopeningSkipsFlywayWhenTheSchemaIsCurrent() throws Exception {
        SqlStore.openSqlite(db()).close();
        long applied = count(db(), "SELECT count(*) FROM flyway_schema_history");
        SqlStore.openSqlite(db()).close();
        assertEquals(applied, count(db(), "SELECT count(*) FROM flyway_schema_history"));
        assertEquals(Schema.LATEST, count(db(), "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history"));
    }

    @Test
    void aSchemaFromANewerTarboxIsRefused() throws Exception {
        SqlStore.openSqlite(db()).close();
        exec(db(), "UPDATE flyway_schema_history SET version = '" + (Schema.LATEST + 1) + "'");
        StorageException e = assertThrows(StorageException.class, () -> SqlStore.openSqlite(db()));
        assertEquals(StorageException.Reason.SCHEMA_TOO_NEW, e.reason());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithOneLine() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "this is not a database, just some text that is long enough ".repeat(100));
        byte[] before = Files.readAllBytes(junk);
        StorageException e = assertThrows(StorageException.class, () -> StoreFactory.open(junk.toString()));
        assertArrayEquals(before, Files.readAllBytes(junk));
        assertEquals(StorageException.Reason.NOT_A_DATABASE, e.reason());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains(junk.toString()));
    }

    @Test
    void aForeignSqliteDatabaseIsRefused() throws Exception {
        Path other = dir.resolve("other.db");
        exec(other, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        byte[] before = Files.readAllBytes(other);
        StorageException e = assertThrows(StorageException.class, () -> SqlStore.openSqlite(other));
        assertEquals(StorageException.Reason.NOT_TARBOX, e.reason());
        assertArrayEquals(before, Files.readAllBytes(other), "the file is left exactly as it was");
    }

    @Test
    void aDirectoryOrAnUncreatableParentIsRefused() throws Exception {
        StorageException e = assertThrows(StorageException.class, () -> SqlStore.openSqlite(dir));
        assertEquals(StorageException.Reason.UNREACHABLE, e.reason());
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        e = assertThrows(StorageException.class, () -> SqlStore.openSqlite(file.resolve("sub/tarbox.db")));
        assertEquals(StorageException.Reason.UNREACHABLE, e.reason());
    }

    @Test
    void anUnreachablePostgresServerIsReportedWithoutItsPassword() {
        StorageException e = assertThrows(
                StorageException.class, () -> StoreFactory.open("postgresql://user:secret@127.0.0.1:1/tarbox"));
        assertEquals(StorageException.Reason.UNREACHABLE, e.reason());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void tenantsAreCreatedListedAndDeleted() {
        try (SqlStore store = SqlStore.openSqlite(db())) {
            Tenant t = store.createTenant("team-a.1");
            assertEquals("team-a.1", t.name());
            assertTrue(store.findTenant("team-a.1").isPresent());
            assertEquals(
                    List.of("default", "team-a.1"),
                    store.listTenants().stream().map(Tenant::name).toList());
            FsException exists = assertThrows(FsException.class, () -> store.createTenant("team-a.1"));
            assertEquals(FsError.EXISTS, exists.error());
            for (String bad : List.of("", "a b", "..", "x/y", "n".repeat(65))) {
                assertEquals(
                        FsError.INVALID,
                        assertThrows(FsException.class, () -> store.createTenant(bad))
                                .error());
            }
            store.deleteTenant("team-a.1");
            assertTrue(store.findTenant("team-a.1").isEmpty());
            assertEquals(
                    FsError.NOT_FOUND,
                    assertThrows(FsException.class, () -> store.deleteTenant("team-a.1"))
                            .error());
            assertEquals(
                    FsError.NOT_FOUND,
                    assertThrows(FsException.class, () -> store.openFilesystem("nope"))
                            .error());
        }
    }

    @Test
    void tenantsAreIsolatedAndDeletingOneRemovesAllItsRows() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(db())) {
            store.createTenant("a");
            store.createTenant("b");
            byte[] same = new byte[200_000];
            new Random(1).nextBytes(same);
            try (FilesystemInterface a = store.openFilesystem("a");
                    FilesystemInterface b = store.openFilesystem("b")) {
                FileAttributes fa = a.create(a.rootIno(), "file", 0644, true);
                a.write(fa.ino(), 0, same, 0, same.length);
                a.mkdir(a.rootIno(), "only-in-a", 0755);
                FileAttributes fb = b.create(b.rootIno(), "file", 0644, true);
                b.write(fb.ino(), 0, "b's".getBytes(StandardCharsets.UTF_8), 0, 3);
                a.syncAll();
                b.syncAll();
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> b.lookup(b.rootIno(), "only-in-a"))
                                .error());
                assertEquals(3, b.lookup(b.rootIno(), "file").size());
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> b.getattr(fa.ino() + 1))
                                .error(),
                        "a's inode numbers mean nothing in b");
            }
            store.deleteTenant("a");
            for (String table : List.of("inodes", "dirents", "chunks", "file_chunks")) {
                assertEquals(
                        0,
                        count(
                                db(),
                                "SELECT count(*) FROM " + table + " WHERE tenant_id NOT IN (SELECT id FROM tenants)"),
                        table);
            }
            try (FilesystemInterface b = store.openFilesystem("b")) {
                assertArrayEquals(
                        "b's".getBytes(StandardCharsets.UTF_8),
                        read(b, b.lookup(b.rootIno(), "file").ino()));
            }
        }
    }

    @Test
    void identicalChunksAreStoredOncePerTenantAndFreedWithTheirLastFile() throws Exception {
        byte[] data = new byte[3 * ChunkStore.CHUNK_SIZE];
        new Random(2).nextBytes(data);
        try (SqlStore store = SqlStore.openSqlite(db());
                FilesystemInterface fs = store.openFilesystem("default")) {
            for (String name : List.of("one", "two", "three")) {
                FileAttributes f = fs.create(fs.rootIno(), name, 0644, true);
                fs.write(f.ino(), 0, data, 0, data.length);
            }
            fs.syncAll();
            assertEquals(3, count(db(), "SELECT count(*) FROM chunks"));
            assertEquals(9, count(db(), "SELECT count(*) FROM file_chunks"));
            fs.unlink(fs.rootIno(), "one");
            fs.unlink(fs.rootIno(), "two");
            fs.unlink(fs.rootIno(), "three");
            fs.syncAll();
            assertEquals(3, count(db(), "SELECT count(*) FROM chunks"), "unlinked inodes live until close");
        }
        assertEquals(0, count(db(), "SELECT count(*) FROM chunks"));
        assertEquals(0, count(db(), "SELECT count(*) FROM inodes WHERE nlink = 0"));
    }

    @Test
    void smallFilesAreInlineAndMoveToChunksWhenTheyGrow() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(db());
                FilesystemInterface fs = store.openFilesystem("default")) {
            FileAttributes f = fs.create(fs.rootIno(), "f", 0644, true);
            fs.write(f.ino(), 0, "small".getBytes(StandardCharsets.UTF_8), 0, 5);
            fs.syncAll();
            assertEquals(0, count(db(), "SELECT count(*) FROM file_chunks"));
            assertEquals(1, count(db(), "SELECT count(*) FROM inodes WHERE inline_data IS NOT NULL"));
            fs.write(f.ino(), FileContent.INLINE_MAX, new byte[] {1}, 0, 1);
            fs.syncAll();
            assertEquals(1, count(db(), "SELECT count(*) FROM file_chunks"));
            assertEquals(0, count(db(), "SELECT count(*) FROM inodes WHERE inline_data IS NOT NULL"));
            byte[] all = read(fs, f.ino());
            assertEquals("small", new String(all, 0, 5, StandardCharsets.UTF_8));
            assertEquals(1, all[FileContent.INLINE_MAX]);
            assertTrue(
                    store.fsck(Tenant.DEFAULT).consistent(),
                    () -> store.fsck(Tenant.DEFAULT).problems().toString());
        }
    }

    @Test
    void writesAreBufferedUntilACommitAndVisibleBeforeIt() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(db());
                FilesystemInterface fs = store.openFilesystem("default")) {
            FileAttributes f = fs.create(fs.rootIno(), "f", 0644, true);
            fs.sync(f.ino());
            fs.write(f.ino(), 0, "buffered".getBytes(StandardCharsets.UTF_8), 0, 8);
            assertEquals(8, fs.getattr(f.ino()).size(), "this instance sees its buffered write");
            assertEquals(0, count(db(), "SELECT size FROM inodes WHERE ino = " + f.ino()), "nothing committed yet");
            fs.sync(f.ino());
            assertEquals(8, count(db(), "SELECT size FROM inodes WHERE ino = " + f.ino()));
        }
    }

    @Test
    void metadataChangesAreGroupedIntoFewCommits() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(db());
                FilesystemInterface fs = store.openFilesystem("default")) {
            fs.syncAll();
            for (int i = 0; i < 100; i++) {
                fs.create(fs.rootIno(), "f" + i, 0644, true);
            }
            assertEquals(0, count(db(), "SELECT count(*) FROM dirents"), "not one transaction per create");
            fs.syncAll();
            assertEquals(100, count(db(), "SELECT count(*) FROM dirents"));
        }
    }

    @Test
    void orphansLeftByACrashAreFreedAtTheNextOpen() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(db());
                FilesystemInterface fs = store.openFilesystem("default")) {
            FileAttributes f = fs.create(fs.rootIno(), "f", 0644, true);
            fs.write(f.ino(), 0, new byte[100_000], 0, 100_000);
            fs.syncAll();
        }
        // what a crash between unlink and close leaves behind: an inode with no name and nlink 0
        exec(db(), "DELETE FROM dirents");
        exec(db(), "UPDATE inodes SET nlink = 0 WHERE ino <> 1");
        try (SqlStore store = SqlStore.openSqlite(db())) {
            SqlFsck.Report before = store.fsck(Tenant.DEFAULT);
            assertEquals(1, before.orphans());
            assertTrue(before.consistent(), before.problems().toString());
            store.openFilesystem(Tenant.DEFAULT).close();
            assertEquals(0, store.fsck(Tenant.DEFAULT).orphans());
        }
        assertEquals(0, count(db(), "SELECT count(*) FROM chunks"));
    }

    @Test
    void fsckFindsInconsistencies() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(db());
                FilesystemInterface fs = store.openFilesystem("default")) {
            FileAttributes d = fs.mkdir(fs.rootIno(), "d", 0755);
            FileAttributes f = fs.create(d.ino(), "f", 0644, true);
            fs.write(f.ino(), 0, new byte[70_000], 0, 70_000);
            fs.link(f.ino(), fs.rootIno(), "f2");
            fs.syncAll();
            assertTrue(
                    store.fsck(Tenant.DEFAULT).consistent(),
                    () -> store.fsck(Tenant.DEFAULT).problems().toString());
        }
        exec(db(), "UPDATE inodes SET nlink = 5 WHERE type = 1");
        exec(db(), "UPDATE chunks SET data = x'00'");
        try (SqlStore store = SqlStore.openSqlite(db())) {
            List<String> problems = store.fsck(Tenant.DEFAULT).problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("nlink 5")), problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("does not match its hash")), problems.toString());
        }
    }

    @Test
    void closingTheStoreCommitsFilesystemsStillOpen() throws Exception {
        SqlStore store = SqlStore.openSqlite(db());
        FilesystemInterface fs = store.openFilesystem("default");
        FileAttributes f = fs.create(fs.rootIno(), "kept", 0644, true);
        fs.write(f.ino(), 0, new byte[] {42}, 0, 1);
        store.close();
        assertThrows(FsException.class, () -> fs.getattr(f.ino()));
        try (SqlStore again = SqlStore.openSqlite(db());
                FilesystemInterface fs2 = again.openFilesystem("default")) {
            assertEquals(1, fs2.lookup(fs2.rootIno(), "kept").size());
        }
    }
}
