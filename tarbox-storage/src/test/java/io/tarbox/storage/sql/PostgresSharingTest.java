package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestRoles;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one PostgreSQL database stand for two processes (each has its own connections and
 * caches, exactly as a separate JVM would): what one commits, the other sees after
 * {@link FilesystemInterface#refresh()}; races on one name end in one winner and a contract error,
 * never in a lost commit; tenants never see each other's inodes or entries; a killed connection
 * fails cleanly and leaves exactly what was committed.
 */
class PostgresSharingTest extends TwoPostgresProcesses {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(FilesystemInterface fs, long ino) {
        byte[] out = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, out, 0, out.length);
        return out;
    }

    private static Set<String> names(FilesystemInterface fs, long dir) {
        return fs.readdir(dir, 0, 1000).stream().map(DirEntry::name).collect(Collectors.toSet());
    }

    /**
     * A tree alone on its tenant runs its transaction without savepoints and without reading the
     * version per refresh (GroupCommit#soleVersion), holding other trees out until it commits: a
     * third process that opens the tenant meanwhile gets in within the group commit's age, and
     * what it commits then is seen by the first tree's next refresh, inside its next transaction.
     */
    @Test
    void aTreeOpenedWhileAnotherIsAloneGetsInAndIsSeen() throws Exception {
        storeA.close();
        storeB.close();
        storeA = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        storeB = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        a = storeA.openFilesystem(Tenant.DEFAULT);
        long root = a.rootIno();
        a.mkdir(root, "first", 0755); // opens A's transaction, alone on the tenant
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> a.lookup(root, "late")).error());

        long started = System.nanoTime();
        b = storeB.openFilesystem(Tenant.DEFAULT); // waits at most for A's stale-transaction commit
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMs < 10_000, "B waited " + waitedMs + " ms to open");
        assertEquals(Set.of("first"), names(b, root), "A's change was committed before B got in");
        b.create(root, "late", 0644, true);
        b.syncAll();

        a.mkdir(root, "second", 0755); // A's next transaction: no longer alone
        a.refresh();
        assertTrue(a.lookup(root, "late").ino() > 0, "B's commit is seen after A's refresh");
        a.syncAll();
        b.refresh();
        assertEquals(Set.of("first", "second", "late"), names(b, root));
    }

    @Test
    void aCommitOfOneProcessIsSeenByAnotherAfterRefresh() {
        long root = a.rootIno();
        FsException missing = assertThrows(FsException.class, () -> a.lookup(root, "x"));
        assertEquals(FsError.NOT_FOUND, missing.error()); // A now caches "x is absent"
        FileAttributes d = a.mkdir(root, "d", 0755);
        a.syncAll();
        assertEquals(3, a.getattr(root).nlink()); // A caches the root with one subdirectory

        FileAttributes x = b.create(root, "x", 0644, true);
        b.write(x.ino(), 0, bytes("hello"), 0, 5);
        b.mkdir(root, "e", 0755);
        b.create(d.ino(), "inside", 0644, true);
        b.syncAll();

        a.refresh();
        FileAttributes seen = a.lookup(root, "x");
        assertEquals(x.ino(), seen.ino());
        assertEquals(5, seen.size());
        assertArrayEquals(bytes("hello"), read(a, seen.ino()));
        assertEquals(Set.of("d", "e", "x"), names(a, root));
        assertEquals(Set.of("inside"), names(a, d.ino()));
        assertEquals(4, a.getattr(root).nlink(), "root: 2 + d + e");

        b.write(x.ino(), 5, bytes(" world"), 0, 6);
        b.unlink(d.ino(), "inside");
        b.sync(x.ino());
        a.refresh();
        assertEquals(11, a.getattr(x.ino()).size());
        assertArrayEquals(bytes("hello world"), read(a, x.ino()));
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> a.lookup(d.ino(), "inside"))
                        .error());
    }

    @Test
    void ownCommitsKeepTheCacheAndAnotherProcessesCommitsClearIt() {
        long root = a.rootIno();
        FileAttributes f = a.create(root, "f", 0644, true);
        a.syncAll();
        a.refresh(); // no other commit: nothing to forget, still correct
        assertEquals(f.ino(), a.lookup(root, "f").ino());
        b.refresh();
        b.rename(root, "f", root, "g");
        b.syncAll();
        a.refresh();
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> a.lookup(root, "f")).error());
        assertEquals(f.ino(), a.lookup(root, "g").ino());
    }

    @Test
    void subdirectoriesCreatedByTwoProcessesInOneDirectoryBothCount() {
        long root = a.rootIno();
        for (int i = 0; i < 20; i++) {
            a.mkdir(root, "a" + i, 0755);
            b.mkdir(root, "b" + i, 0755);
        }
        a.syncAll();
        b.syncAll();
        a.refresh();
        assertEquals(2 + 40, a.getattr(root).nlink());
        SqlFsck.Report report = storeA.fsck(Tenant.DEFAULT);
        assertTrue(report.consistent(), () -> report.problems().toString());
    }

    @Test
    void aNameTakenByAnotherProcessIsExistsNotAFailure() {
        long root = a.rootIno();
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> a.lookup(root, "n")).error());
        FileAttributes theirs = b.create(root, "n", 0644, true);
        b.syncAll();
        // A still believes "n" is free (no refresh): the database has the last word.
        assertEquals(
                FsError.EXISTS,
                assertThrows(FsException.class, () -> a.create(root, "n", 0644, true))
                        .error());
        assertEquals(theirs.ino(), a.create(root, "n", 0644, false).ino());
        assertEquals(
                FsError.EXISTS,
                assertThrows(FsException.class, () -> a.mkdir(root, "n", 0755)).error());
        a.create(root, "other", 0644, true); // A is still usable
        a.syncAll();
        assertTrue(storeA.fsck(Tenant.DEFAULT).consistent());
    }

    @Test
    void aRenameRaceHasOneWinnerAndTheLoserGetsNotFound() {
        long root = a.rootIno();
        FileAttributes token = a.create(root, "token", 0644, true);
        a.syncAll();
        b.refresh();
        assertEquals(token.ino(), b.lookup(root, "token").ino()); // both see the token
        a.rename(root, "token", root, "won-by-a");
        a.syncAll();
        FsException lost = assertThrows(FsException.class, () -> b.rename(root, "token", root, "won-by-b"));
        assertEquals(FsError.NOT_FOUND, lost.error());
        FsException gone = assertThrows(FsException.class, () -> b.unlink(root, "won-by-b"));
        assertEquals(FsError.NOT_FOUND, gone.error());
        b.syncAll();
        a.refresh();
        assertEquals(Set.of("won-by-a"), names(a, root));
        assertTrue(storeA.fsck(Tenant.DEFAULT).consistent());
    }

    @Test
    void anUnlinkedFileStaysReadableWhileAnotherProcessHasTheTenantOpen() {
        long root = a.rootIno();
        FileAttributes f = a.create(root, "open-elsewhere", 0644, true);
        a.write(f.ino(), 0, bytes("still here"), 0, 10);
        a.syncAll();
        b.refresh();
        long ino = b.lookup(root, "open-elsewhere").ino(); // B "opens" it
        a.unlink(root, "open-elsewhere");
        a.close(); // A's close would free the orphan if it were alone
        assertArrayEquals(bytes("still here"), read(b, ino));
        b.close(); // B is the last: it frees the orphan
        try (SqlStore check = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
            SqlFsck.Report report = check.fsck(Tenant.DEFAULT);
            assertTrue(report.consistent(), () -> report.problems().toString());
            assertEquals(0, report.orphans());
        }
    }

    @Test
    void identicalChunksWrittenAndCollectedByTwoProcessesAreNeverLost() {
        long root = a.rootIno();
        byte[] data = new byte[3 * ChunkStore.CHUNK_SIZE];
        Arrays.fill(data, (byte) 7);
        FileAttributes old = a.create(root, "old", 0644, true);
        a.write(old.ino(), 0, data, 0, data.length);
        a.syncAll();
        // B refers to the same chunks in an open transaction while A drops them and commits: A must
        // not collect them (it cannot see B's uncommitted references).
        FileAttributes copy = b.create(root, "copy", 0644, true);
        b.write(copy.ino(), 0, data, 0, data.length);
        b.truncate(copy.ino(), data.length); // flushes B's chunks into its (uncommitted) transaction
        a.truncate(old.ino(), 0);
        a.syncAll();
        b.syncAll();
        a.close();
        b.close();
        try (SqlStore check = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
            SqlFsck.Report report = check.fsck(Tenant.DEFAULT);
            assertTrue(report.consistent(), () -> report.problems().toString());
            try (FilesystemInterface fs = check.openFilesystem(Tenant.DEFAULT)) {
                assertArrayEquals(data, read(fs, fs.lookup(fs.rootIno(), "copy").ino()));
            }
        }
    }

    @Test
    void tenantsNeverSeeEachOthersInodesOrEntries() {
        storeA.createTenant("other");
        try (FilesystemInterface other = storeB.openFilesystem("other")) {
            // Inode numbers are per tenant (V6): the same number may name the other tenant's own
            // inode. A's secrets get numbers the other tenant has not handed out.
            for (int i = 0; i < 5; i++) {
                a.create(a.rootIno(), "filler" + i, 0644, true);
            }
            FileAttributes dir = a.mkdir(a.rootIno(), "secret-dir", 0755);
            FileAttributes file = a.create(dir.ino(), "secret", 0644, true);
            a.write(file.ino(), 0, bytes("tenant A only"), 0, 13);
            a.syncAll();
            other.create(other.rootIno(), "mine", 0644, true);
            other.syncAll();
            long cookie = a.readdir(dir.ino(), 0, 10).get(0).cookie();

            for (long ino : new long[] {dir.ino(), file.ino()}) {
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> other.getattr(ino))
                                .error());
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> other.read(ino, 0, new byte[16], 0, 16))
                                .error());
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> other.readdir(ino, 0, 10))
                                .error());
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> other.lookup(ino, "secret"))
                                .error());
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> other.write(ino, 0, new byte[1], 0, 1))
                                .error());
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, () -> other.link(ino, other.rootIno(), "stolen"))
                                .error());
            }
            // A's cookie on B's root lists only B's entries.
            for (DirEntry e : other.readdir(other.rootIno(), cookie, 100)) {
                assertEquals("mine", e.name());
            }
            assertEquals(Set.of("mine"), names(other, other.rootIno()));
            assertNotEquals(file.ino(), other.lookup(other.rootIno(), "mine").ino());
        }
    }

    @Test
    void aConnectionKilledMidRunFailsCleanlyAndKeepsExactlyWhatWasCommitted() throws Exception {
        storeB.close();
        long root = a.rootIno();
        for (int i = 0; i < 5; i++) {
            FileAttributes f = a.create(root, "synced-" + i, 0644, true);
            a.write(f.ino(), 0, bytes("committed " + i), 0, ("committed " + i).length());
            a.sync(f.ino());
        }
        FileAttributes pending = a.create(root, "pending", 0644, true);
        a.write(pending.ino(), 0, bytes("never committed"), 0, 15);
        a.rename(root, "synced-0", root, "renamed-uncommitted");

        try (Connection admin = DriverManager.getConnection(database.jdbcUrl());
                Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 2, "the store's and the filesystem's connections terminated");
        }

        FsException failed = assertThrows(FsException.class, () -> {
            for (int i = 0; i < 100; i++) { // the first call that reaches the database fails
                a.create(root, "after-" + i, 0644, true);
                a.syncAll();
            }
        });
        assertEquals(FsError.IO, failed.error());
        assertEquals(
                FsError.IO,
                assertThrows(FsException.class, () -> a.getattr(root)).error(),
                "a failed filesystem refuses further calls");
        a.close(); // nothing to commit any more; releases the connection

        try (SqlStore check = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
            SqlFsck.Report report = check.fsck(Tenant.DEFAULT);
            assertTrue(report.consistent(), () -> report.problems().toString());
            try (FilesystemInterface fs = check.openFilesystem(Tenant.DEFAULT)) {
                Set<String> expected = Set.of("synced-0", "synced-1", "synced-2", "synced-3", "synced-4");
                assertEquals(expected, names(fs, fs.rootIno()));
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(
                            bytes("committed " + i),
                            read(fs, fs.lookup(fs.rootIno(), "synced-" + i).ino()));
                }
            }
        }
    }

    @Test
    void everyCommitBumpsTheTenantVersionAndReadOnlyUseDoesNot() throws Exception {
        long before = version();
        a.getattr(a.rootIno());
        a.readdir(a.rootIno(), 0, 10);
        a.refresh();
        a.syncAll();
        assertEquals(before, version(), "reads and empty commits leave the version alone");
        a.mkdir(a.rootIno(), "v", 0755);
        a.syncAll();
        assertEquals(before + 1, version());
    }

    @Test
    void rowLevelSecurityHoldsAFilesystemsConnectionToItsTenant() throws Exception {
        // Superusers bypass row-level security, so this runs as the ordinary role Tarbox runs as.
        storeA.close();
        storeB.close();
        PostgresTestRoles roles = PostgresTestRoles.of(database);
        try {
            SqlStore.openPostgresCreatingRoles(database.jdbcUrl(), database.url(), roles.prefix())
                    .close();
            String url = database.jdbcUrlAs(roles.app());
            long defaultId;
            long otherId;
            try (SqlStore store = SqlStore.openPostgres(url, "as " + roles.app())) {
                store.createTenant("other");
                defaultId = store.findTenant(Tenant.DEFAULT).orElseThrow().id();
                otherId = store.findTenant("other").orElseThrow().id();
                try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
                        FilesystemInterface other = store.openFilesystem("other")) {
                    FileAttributes mine = fs.create(fs.rootIno(), "mine", 0644, true);
                    fs.write(mine.ino(), 0, bytes("default's"), 0, 9);
                    other.mkdir(other.rootIno(), "theirs", 0755);
                    fs.syncAll();
                    other.syncAll();
                    assertEquals(Set.of("mine"), names(fs, fs.rootIno()));
                    assertEquals(Set.of("theirs"), names(other, other.rootIno()));
                    assertEquals(2, store.listTenants().size(), "tarbox_tenants() lists every tenant for the app role");
                }
            }
            try (Connection c = DriverManager.getConnection(url);
                    Statement st = c.createStatement()) {
                for (String table : List.of(
                        "tenants",
                        "inodes",
                        "dirents",
                        "chunks",
                        "file_chunks",
                        "layers",
                        "snapshots",
                        "runs",
                        "audit_events")) {
                    assertEquals(0, count(st, "SELECT count(*) FROM " + table), table + ": no tenant named, no rows");
                }
                st.executeQuery("SELECT set_config('tarbox.tenant_id', '" + otherId + "', false)")
                        .close();
                assertEquals(0, count(st, "SELECT count(*) FROM inodes WHERE tenant_id = " + defaultId));
                assertEquals(0, count(st, "SELECT count(*) FROM tenants WHERE id = " + defaultId));
                assertEquals(1, count(st, "SELECT count(*) FROM dirents"), "only 'theirs'");
                assertEquals(0, st.executeUpdate("UPDATE inodes SET mode = 0 WHERE tenant_id = " + defaultId));
                assertEquals(0, st.executeUpdate("DELETE FROM dirents WHERE tenant_id = " + defaultId));
                java.sql.SQLException refused = assertThrows(
                        java.sql.SQLException.class,
                        () -> st.executeUpdate("INSERT INTO dirents (tenant_id, layer_id, parent, name, ino) VALUES ("
                                + defaultId + ", 1, 1, 'smuggled', 1)"));
                assertEquals("42501", refused.getSQLState(), refused.getMessage());
                st.execute("SET tarbox.list_tenants = 'on'");
                assertEquals(1, count(st, "SELECT count(*) FROM tenants"), "the listing switch is the owner's only");
            }
        } finally {
            roles.close();
        }
    }

    private static long count(Statement st, String query) throws Exception {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long version() throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM tenants WHERE name = 'default'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
