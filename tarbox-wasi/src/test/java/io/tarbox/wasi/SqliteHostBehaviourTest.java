package io.tarbox.wasi;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The same WASI behaviour checks with /data in a tenant tree of an embedded SQLite database. */
class SqliteHostBehaviourTest extends HostBehaviourTest {
    private SqlStore store;

    @Override
    FilesystemInterface filesystem(Path root) {
        if (store == null) {
            store = SqlStore.openSqlite(root.resolve("tarbox.db"));
        }
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}
