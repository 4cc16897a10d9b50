package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestDatabase;

/**
 * The filesystem contract on PostgreSQL, each test in a fresh database. Every statement is a round
 * trip to the server, so the many-files test uses 5,000 files instead of 100,000.
 */
class PostgresContractTest extends FilesystemContractTest {
    private PostgresTestDatabase database;
    private SqlStore store;

    @Override
    protected FilesystemInterface open() {
        if (store == null) {
            database = PostgresTestDatabase.create();
            store = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        }
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected int manyFilesCount() {
        return 5_000;
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
        if (database != null) {
            database.close();
        }
    }
}
