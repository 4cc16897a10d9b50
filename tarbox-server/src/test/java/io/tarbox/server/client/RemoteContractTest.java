package io.tarbox.server.client;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The filesystem contract on a remote tree (remote mode): a tenant's tree of a Tarbox server over
 * HTTP, through {@link RemoteFilesystem}'s caches and held-back writes. One server per backend
 * (subclass) serves all of its tests, each on a tenant of its own.
 */
abstract class RemoteContractTest extends FilesystemContractTest {
    private static final AtomicInteger TENANTS = new AtomicInteger();

    private String url;
    private String token;
    private String tenant;

    /** The subclass's server, started on first use. */
    abstract RemoteFixture fixture() throws Exception;

    @Override
    protected FilesystemInterface open() throws Exception {
        if (tenant == null) {
            tenant = "t" + TENANTS.incrementAndGet();
            token = fixture().newTenant(tenant);
            url = fixture().server.url();
        }
        return RemoteStore.open(url, token).openFilesystem(tenant);
    }

    /** Another client of the same server, with the same token: another process in remote mode. */
    @Override
    protected FilesystemInterface openAnother() {
        return RemoteStore.open(url, token).openFilesystem(tenant);
    }

    @Override
    protected int manyFilesCount() {
        return 2_000;
    }

    /** A server of the backend; a SQLite file goes in the build's directory. */
    static RemoteFixture start(boolean postgres) throws Exception {
        return RemoteFixture.of(postgres, Files.createTempDirectory(Path.of("target"), "remote-contract"));
    }
}
