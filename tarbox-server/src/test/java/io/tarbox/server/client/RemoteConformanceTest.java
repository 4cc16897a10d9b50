package io.tarbox.server.client;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.wasi.conformance.ConformanceSuite;
import java.nio.file.Path;

/**
 * The WASI conformance suite with {@code /data} in a tenant's tree behind a Tarbox server (remote
 * mode): each program on a server of its own, over a fresh database of the subclass's backend.
 */
abstract class RemoteConformanceTest extends ConformanceSuite {
    private RemoteFixture fixture;

    abstract boolean postgres();

    @Override
    protected FilesystemInterface freshFilesystem(Path workDir) throws Exception {
        fixture = RemoteFixture.of(postgres(), workDir);
        return fixture.connect().openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected void release(FilesystemInterface fs) {
        try {
            fs.close();
        } finally {
            fixture.close();
        }
    }
}
