package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem contract on SQLite with a snapshot after each change (see {@link SnapshotEveryChange}). */
class SqliteLayeredContractTest extends FilesystemContractTest {
    @TempDir
    Path dir;

    private SqlStore store;
    private int snapshots;

    @Override
    protected FilesystemInterface open() {
        if (store == null) {
            store = SqlStore.openSqlite(dir.resolve("tarbox.db"));
        }
        return new SnapshotEveryChange(store.openFilesystem(Tenant.DEFAULT), () -> snapshots++, 300);
    }

    /** Another instance of the tenant's tree, with its own connection: as another process's. */
    @Override
    protected FilesystemInterface openAnother() {
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected int manyFilesCount() {
        return 5_000;
    }

    @Override
    protected void release() {
        if (store != null) {
            store.close();
        }
    }
}
