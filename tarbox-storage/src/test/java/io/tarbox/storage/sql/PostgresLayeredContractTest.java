package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestDatabase;

/** The filesystem contract on PostgreSQL with a snapshot after each change (see {@link SnapshotEveryChange}). */
class PostgresLayeredContractTest extends FilesystemContractTest {
    private PostgresTestDatabase database;
    private SqlStore store;
    private int snapshots;

    @Override
    protected FilesystemInterface open() {
        if (store == null) {
            database = PostgresTestDatabase.create();
            store = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        }
        return new SnapshotEveryChange(store.openFilesystem(Tenant.DEFAULT), () -> snapshots++, 100);
    }

    /** Another instance of the tenant's tree, with its own connection: as another process's. */
    @Override
    protected FilesystemInterface openAnother() {
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected int manyFilesCount() {
        return 2_000;
    }

    @Override
    protected void release() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
