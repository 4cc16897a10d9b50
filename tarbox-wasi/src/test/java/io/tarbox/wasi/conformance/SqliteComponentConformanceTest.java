package io.tarbox.wasi.conformance;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.nio.file.Path;

/** The conformance suite, run as WASI 0.2 components (made by the preview 1 adapter), with {@code /data} in a tenant's tree in a SQLite file ({@code --dir}). */
class SqliteComponentConformanceTest extends ConformanceSuite {
    @Override
    protected String peer() {
        return "component";
    }

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
