package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tree's statements on PostgreSQL read a bounded number of rows per operation whatever the
 * planner's statistics say: after {@code VACUUM ANALYZE} of near-empty tables (what autovacuum, or
 * an administrator, does between two runs), creating, looking up, listing (with attributes too), renaming and removing
 * thousands of files must not scan the table or a whole layer once per operation. Counted with the
 * server's own statistics views (rows read by sequential and index scans), not timed.
 */
class PostgresPlansTest {
    private static final int FILES = 1500;

    private PostgresTestDatabase database;

    @BeforeEach
    void create() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void operationsReadFewRowsAfterAnalyzeOfNearlyEmptyTables() throws Exception {
        // The tables once held rows, now nearly none: then the statistics are taken.
        try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
            FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
            long dir = fs.mkdir(fs.rootIno(), "warm", 0755).ino();
            for (int i = 0; i < 200; i++) {
                long ino = fs.create(dir, "w" + i, 0644, true).ino();
                byte[] data = ("warm " + i).getBytes(StandardCharsets.UTF_8);
                fs.write(ino, 0, data, 0, data.length);
            }
            fs.syncAll();
            for (int i = 0; i < 200; i++) {
                fs.unlink(dir, "w" + i);
            }
            fs.rmdir(fs.rootIno(), "warm");
            fs.close();
        }
        try (Connection admin = DriverManager.getConnection(database.jdbcUrl());
                Statement st = admin.createStatement()) {
            st.execute("VACUUM ANALYZE");
        }
        long before = rowsRead();

        try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
            FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
            long dir = fs.mkdir(fs.rootIno(), "d", 0755).ino();
            for (int i = 0; i < FILES; i++) {
                long ino = fs.create(dir, "f" + i, 0644, true).ino();
                byte[] data = ("file " + i).getBytes(StandardCharsets.UTF_8);
                fs.write(ino, 0, data, 0, data.length);
            }
            fs.syncAll();
            int listed = 0;
            long cookie = 0;
            while (true) {
                var page = fs.readdir(dir, cookie, 100);
                if (page.isEmpty()) {
                    break;
                }
                for (var entry : page) {
                    if (!entry.name().startsWith(".")) {
                        listed++;
                    }
                    cookie = entry.cookie();
                }
            }
            assertEquals(FILES, listed);
            fs.close();
            fs = store.openFilesystem(Tenant.DEFAULT); // nothing cached: readdirPlus reads every inode row
            int withAttributes = 0;
            cookie = 0;
            while (true) {
                var page = fs.readdirPlus(dir, cookie, 100);
                if (page.isEmpty()) {
                    break;
                }
                for (var listedPlus : page) {
                    assertTrue(listedPlus.attributes().size() > 0, listedPlus.toString());
                    withAttributes++;
                    cookie = listedPlus.entry().cookie();
                }
            }
            assertEquals(FILES, withAttributes);
            for (int i = 0; i < FILES; i += 2) {
                fs.rename(dir, "f" + i, dir, "r" + i);
            }
            for (int i = 0; i < FILES; i++) {
                fs.unlink(dir, (i % 2 == 0 ? "r" : "f") + i);
            }
            fs.rmdir(fs.rootIno(), "d");
            fs.close();
        }
        long read = rowsRead() - before;
        // About ten operations per file; a handful of rows each. A plan that scans the layer per
        // lookup reads FILES * FILES / 2 rows (over a million here) instead.
        assertTrue(read < 100L * FILES, "rows read by the tree's statements: " + read + " for " + FILES + " files");
    }

    /**
     * Rows the tree tables' sequential and index scans have read so far. A closed connection's
     * backend reports its counts as it exits, a moment after the client has gone: wait until two
     * readings agree.
     */
    private long rowsRead() throws SQLException, InterruptedException {
        long last = -1;
        for (int i = 0; i < 50; i++) {
            long now;
            try (Connection c = DriverManager.getConnection(database.jdbcUrl());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT COALESCE(SUM(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)), 0)"
                                    + " FROM pg_stat_user_tables WHERE relname IN ('inodes', 'dirents', 'file_chunks')")) {
                rs.next();
                now = rs.getLong(1);
            }
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(300);
        }
        return last;
    }
}
