package io.tarbox.server.client;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem contract on a remote tree (remote mode): the tenant's tree of a Tarbox server
 * over HTTP, through {@link RemoteFilesystem}'s caches and held-back writes. Per backend below.
 */
abstract class RemoteContractTest extends FilesystemContractTest {
    @TempDir
    Path dir;

    private RemoteFixture fixture;

    abstract boolean postgres();

    @Override
    protected FilesystemInterface open() throws Exception {
        if (fixture == null) {
            fixture = RemoteFixture.of(postgres(), dir);
        }
        return fixture.connect().openFilesystem(Tenant.DEFAULT);
    }

    /** Another client of the same server: another process in remote mode. */
    @Override
    protected FilesystemInterface openAnother() {
        return fixture.connect().openFilesystem(Tenant.DEFAULT);
    }

    @Override
    protected int manyFilesCount() {
        return 5_000;
    }

    @Override
    protected void release() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
