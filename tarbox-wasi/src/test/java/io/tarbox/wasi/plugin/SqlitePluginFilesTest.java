package io.tarbox.wasi.plugin;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;

class SqlitePluginFilesTest extends PluginFilesTest {
    private SqlStore store;

    @Override
    FilesystemInterface emptyTree(Path dir) {
        store = SqlStore.openSqlite(dir.resolve("tarbox.db"));
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    void closeBackend() {
        store.close();
    }
}
