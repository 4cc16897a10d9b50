package io.tarbox.wasi;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/**
 * The test database in a tablespace on a real 32 MB tmpfs (the server's write-ahead log is not
 * there), a database of its own dropped after the test. PostgreSQL's {@code disk_full} (SQLSTATE
 * 53100) reaches the program as ENOSPC.
 */
class PostgresDiskFullTest extends DiskFullTest {
    private PostgresTestDatabase database;

    @Override
    SqlStore openStore() throws Exception {
        if (database == null) {
            database = PostgresTestDatabase.createOnSmallDisk(32);
        }
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    /**
     * Makes the database one autovacuum has visited, as any database in use is: a file written and
     * deleted, then the data tables vacuumed, which gives each its free-space and visibility maps;
     * then autovacuum is turned off on them, so nothing vacuums during the run. A database whose
     * tables were never vacuumed failed the program's write after it deleted its big file (ENOSPC
     * again; see docs/storage.md, "Storage full").
     */
    @Override
    void prepare(FilesystemInterface fs) throws Exception {
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

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
