package io.tarbox.wasi.conformance;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;

/**
 * The conformance suite with {@code /data} in a tenant's tree in PostgreSQL, each program in its own
 * freshly created database (skipped loudly without a server, failed under CI=true).
 */
class PostgresConformanceTest extends ConformanceSuite {
    private PostgresTestDatabase database;
    private TarboxStore store;

    @Override
    protected FilesystemInterface freshFilesystem(Path workDir) {
        database = PostgresTestDatabase.create();
        store = StoreFactory.open(database.url());
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected void release(FilesystemInterface fs) {
        try {
            fs.close();
            store.close();
        } finally {
            database.close();
        }
    }
}
