package io.tarbox.wasi.conformance;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;

/**
 * The conformance suite, run as WASI 0.2 components (made by the preview 1 adapter), with {@code /data} in a tenant's tree in PostgreSQL, each program in its own
 * freshly created database (skipped loudly without a server, failed under CI=true).
 */
class PostgresComponentConformanceTest extends ConformanceSuite {
    @Override
    protected String peer() {
        return "component";
    }

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
