package io.tarbox.wasi.conformance;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HostFilesystem;
import java.nio.file.Files;
import java.nio.file.Path;

/** The conformance suite, run as WASI 0.2 components (made by the preview 1 adapter), with {@code /data} in a host directory ({@code --host-dir}). */
class HostDirComponentConformanceTest extends ConformanceSuite {
    @Override
    protected String peer() {
        return "component";
    }

    @Override
    protected FilesystemInterface freshFilesystem(Path workDir) throws Exception {
        return new HostFilesystem(Files.createDirectories(workDir.resolve("data")), false);
    }
}
