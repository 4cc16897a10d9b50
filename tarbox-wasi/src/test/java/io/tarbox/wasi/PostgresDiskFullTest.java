package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.path.PathResolver;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DiskFullTest} on PostgreSQL: the test database lies in a tablespace on a real 32 MB tmpfs
 * (the server's write-ahead log does not), and the program fills it. PostgreSQL's {@code disk_full}
 * (SQLSTATE 53100) reaches the program as ENOSPC; it deletes its big file and goes on; what it
 * synced before is intact and the tree consistent.
 */
class PostgresDiskFullTest {
    @Test
    void theProgramGetsEnospcFreesSpaceAndGoesOn() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.createOnSmallDisk(32)) {
            try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
                livedIn(fs, database);
                GuestRun run = GuestRun.run(
                        RunOptions.builder(GuestRun.resource("diskfull/diskfull.wasm")),
                        "diskfull.wasm",
                        List.of(Preopen.of(fs, "/data")),
                        "");
                assertEquals("fill: ENOSPC after 1 bytes\nafter: ok\n", run.stdout, run.stderr);
                assertEquals(0, run.exitCode(), run.stderr);
                assertEquals("kept across the full disk\n", read(fs, "/keep.txt"));
                assertEquals("written after freeing space\n".repeat(100), read(fs, "/after.txt"));
                fs.close();
                SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
                assertTrue(report.consistent(), report.problems().toString());
            }
            try (SqlStore again = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
                FilesystemInterface fs = again.openFilesystem(Tenant.DEFAULT);
                assertEquals("kept across the full disk\n", read(fs, "/keep.txt"));
                assertEquals(
                        2800,
                        fs.getattr(new PathResolver(fs, fs.rootIno(), PathResolver.Confinement.ROOTED)
                                        .resolve("/after.txt", true)
                                        .existing()
                                        .ino())
                                .size());
                fs.close();
            }
        }
    }

    /**
     * Makes the database one autovacuum has visited, as any database in use is: a file written and
     * deleted, then the data tables vacuumed, which gives each its free-space and visibility maps;
     * then autovacuum is turned off on them, so nothing vacuums during the run. A database whose
     * tables were never vacuumed failed the program's write after it deleted its big file (ENOSPC
     * again; see docs/storage.md, "Storage full").
     */
    private static void livedIn(FilesystemInterface fs, PostgresTestDatabase database) throws Exception {
        long ino = fs.create(fs.rootIno(), "warm-up", 0644, true).ino();
        byte[] data = new byte[100_000];
        new java.util.Random(3).nextBytes(data);
        fs.write(ino, 0, data, 0, data.length);
        fs.syncAll();
        fs.unlink(fs.rootIno(), "warm-up");
        fs.syncAll();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.jdbcUrl());
                java.sql.Statement st = c.createStatement()) {
            st.execute("VACUUM chunks, file_chunks, inodes, dirents");
            for (String table : new String[] {"chunks", "file_chunks", "inodes", "dirents"}) {
                // what the program frees must be usable without autovacuum happening to run meanwhile
                st.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
            }
        }
    }

    private static String read(FilesystemInterface fs, String path) {
        long ino = new PathResolver(fs, fs.rootIno(), PathResolver.Confinement.ROOTED)
                .resolve(path, true)
                .existing()
                .ino();
        byte[] buf = new byte[(int) fs.getattr(ino).size()];
        int n = fs.read(ino, 0, buf, 0, buf.length);
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
