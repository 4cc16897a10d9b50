package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WASI host's half of sharing: a guest's {@code path_open} and {@code fd_readdir} see what
 * another process committed before they began, even where this process has the old state cached.
 * Two stores on one PostgreSQL database stand for two processes.
 */
class PostgresSharedRunTest {

    @Test
    void aGuestSeesWhatAnotherProcessCommittedBeforeItsCalls() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
                SqlStore storeA = SqlStore.openPostgres(database.jdbcUrl(), database.url());
                SqlStore storeB = SqlStore.openPostgres(database.jdbcUrl(), database.url());
                FilesystemInterface a = storeA.openFilesystem(Tenant.DEFAULT);
                FilesystemInterface b = storeB.openFilesystem(Tenant.DEFAULT)) {
            FileAttributes gone = a.create(a.rootIno(), "gone", 0644, true);
            a.syncAll();
            assertEquals(gone.ino(), a.lookup(a.rootIno(), "gone").ino()); // A caches "gone"

            b.refresh();
            b.unlink(b.rootIno(), "gone");
            b.mkdir(b.rootIno(), "made-by-b", 0755);
            b.syncAll();

            // hello.wasm opens /data/gone with O_CREAT|O_TRUNC, writes to it, then lists /data.
            GuestRun run = GuestRun.run(
                    "bench/hello.wasm", List.of(Preopen.of(a, "/data")), Engine.COMPILER, "", "/data/gone");
            assertEquals(0, run.exitCode(), run.stderr);
            assertTrue(run.stdout.contains("entry made-by-b\n"), run.stdout);
            assertTrue(run.stdout.contains("entry gone\n"), run.stdout);

            // path_open did not write into A's stale inode (unlinked by B) but created a new file.
            b.refresh();
            FileAttributes created = b.lookup(b.rootIno(), "gone");
            byte[] data = new byte[(int) created.size()];
            b.read(created.ino(), 0, data, 0, data.length);
            assertEquals("some content\n", new String(data, StandardCharsets.UTF_8));
            assertTrue(created.ino() != gone.ino(), "a new inode, not the one B unlinked");
        }
    }
}
