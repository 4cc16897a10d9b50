package io.tarbox.wasi.plugin;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HostFilesystem;
import java.nio.file.Path;

class HostDirPluginFilesTest extends PluginFilesTest {
    @Override
    FilesystemInterface emptyTree(Path dir) {
        return new HostFilesystem(dir, false);
    }
}
