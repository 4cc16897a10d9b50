package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HostFilesystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmark workloads as WASI 0.2 components (made with the preview 1 adapter, see
 * build-components.sh) print what the same programs print as modules.
 */
class ComponentWorkloadsTest {
    @TempDir
    Path dir;

    private List<Preopen> data(FilesystemInterface fs) {
        return List.of(Preopen.of(fs, "/data"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void helloWritesAFileAndListsTheDirectory(Engine engine) throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            GuestRun run = GuestRun.run("components/hello.component.wasm", data(fs), engine, "", "/data/hello.txt");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("hello from wasi, argc=2\nentry .\nentry ..\nentry hello.txt\n", run.stdout);
            assertEquals("some content\n", Files.readString(dir.resolve("hello.txt")));
        }
    }

    @Test
    void cpuChecksumMatchesTheModule() throws Exception {
        GuestRun run = GuestRun.run("components/cpu.component.wasm", List.of(), Engine.COMPILER, "", "2");
        assertEquals(0, run.exitCode(), run.stderr);
        assertEquals("cpu checksum f8f2d6c5\n", run.stdout);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fsmetaChecksumMatchesTheModule(Engine engine) throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            GuestRun run = GuestRun.run("components/fsmeta.component.wasm", data(fs), engine, "", "/data", "300");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("fsmeta files 300 entries 300 checksum 481722\n", run.stdout);
        }
        try (var left = Files.list(dir)) {
            assertTrue(left.findAny().isEmpty(), "fsmeta removes everything it created");
        }
    }
}
