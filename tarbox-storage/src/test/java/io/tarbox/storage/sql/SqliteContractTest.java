package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem contract on an embedded SQLite database. */
class SqliteContractTest extends FilesystemContractTest {
    @TempDir
    Path dir;

    private SqlStore store;

    @Override
    protected FilesystemInterface open() {
        if (store == null) {
            store = SqlStore.openSqlite(dir.resolve("tarbox.db"));
        }
        return store.openFilesystem(Tenant.DEFAULT);
    }

    /** Another instance of the tenant's tree, with its own connection: as another process's. */
    @Override
    protected FilesystemInterface openAnother() {
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected void release() {
        if (store != null) {
            store.close();
        }
    }
}
