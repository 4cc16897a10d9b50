package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A guest writing a large file over PostgreSQL while its connections are killed
 * ({@code pg_terminate_backend}): the run fails cleanly with {@link FsError#IO} (no hang, no
 * half-committed state) and the tree holds what was committed before, consistent by {@link SqlFsck}.
 */
class PostgresRunFaultTest {
    private static final byte[] BEFORE = "committed before the run\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aConnectionKilledDuringARunFailsItCleanlyAndKeepsTheCommittedTree() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            AtomicInteger killed = new AtomicInteger();
            try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
                FileAttributes before = fs.create(fs.rootIno(), "before.txt", 0644, true);
                fs.write(before.ino(), 0, BEFORE, 0, BEFORE.length);
                fs.sync(before.ino());

                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(1_500); // the guest is writing its 256 MB by then
                        try (Connection admin = DriverManager.getConnection(database.jdbcUrl());
                                Statement st = admin.createStatement()) {
                            var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
                            rs.next();
                            killed.set(rs.getInt(1));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                killer.start();
                FsException failed = assertThrows(
                        FsException.class,
                        () -> GuestRun.run(
                                "bench/bigio.wasm",
                                List.of(Preopen.of(fs, "/data")),
                                Engine.COMPILER,
                                "",
                                "/data",
                                "256"));
                killer.join();
                assertTrue(killed.get() >= 2, "the store's and the filesystem's connections were killed");
                assertEquals(FsError.IO, failed.error(), failed.getMessage());
                fs.close(); // a failed filesystem closes without committing anything
            }
            try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
                SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
                assertTrue(report.consistent(), () -> report.problems().toString());
                try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                    long ino = fs.lookup(fs.rootIno(), "before.txt").ino();
                    byte[] data = new byte[BEFORE.length];
                    fs.read(ino, 0, data, 0, data.length);
                    assertArrayEquals(BEFORE, data);
                }
            }
        }
    }
}
