package io.tarbox.wasi.conformance;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.nio.file.Path;

/** The conformance suite with {@code /data} in a tenant's tree in a SQLite file ({@code --dir}). */
class SqliteConformanceTest extends ConformanceSuite {
    private TarboxStore store;

    @Override
    protected FilesystemInterface freshFilesystem(Path workDir) {
        store = StoreFactory.open(workDir.resolve("tarbox.db").toString());
        return store.openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected void release(FilesystemInterface fs) {
        fs.close();
        store.close();
    }
}
