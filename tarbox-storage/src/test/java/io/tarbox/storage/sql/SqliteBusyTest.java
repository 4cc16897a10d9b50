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
 * disabling the filesystem.
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
}
