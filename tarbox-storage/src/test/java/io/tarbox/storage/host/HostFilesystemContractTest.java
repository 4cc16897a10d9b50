package io.tarbox.storage.host;

import io.tarbox.core.fs.FilesystemContractTest;
import io.tarbox.core.fs.FilesystemInterface;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem contract on a host directory. */
class HostFilesystemContractTest extends FilesystemContractTest {
    @TempDir
    Path dir;

    @Override
    protected FilesystemInterface open() {
        return new HostFilesystem(dir, false);
    }

    @Override
    protected FilesystemInterface openAnother() {
        return new HostFilesystem(dir, false);
    }
}
