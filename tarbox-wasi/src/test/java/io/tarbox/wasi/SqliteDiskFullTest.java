package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.SmallDisk;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite file on a real 12 MB tmpfs. */
class SqliteDiskFullTest extends DiskFullTest {
    @TempDir
    Path dir;

    private SmallDisk disk;

    @Override
    SqlStore openStore() throws Exception {
        if (disk == null) {
            disk = SmallDisk.mount(dir.resolve("small"), 12);
        }
        return SqlStore.openSqlite(disk.dir().resolve("tarbox.db"));
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }
}
