package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.path.PathResolver;
import io.tarbox.storage.host.HostFilesystem;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmark workloads (copied from the shared bench directory, sources beside them) print the
 * checksums Node's WASI prints for the same arguments.
 */
class BenchWorkloadsTest {
    @TempDir
    Path dir;

    private List<Preopen> data(FilesystemInterface fs) {
        return List.of(Preopen.of(fs, "/data"));
    }

    /** The test resource that holds workload {@code name}. */
    String program(String name) {
        return "bench/" + name + ".wasm";
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void helloWritesAFileAndListsTheDirectoryWithDotEntries(Engine engine) throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            GuestRun run = GuestRun.run(program("hello"), data(fs), engine, "", "/data/hello.txt");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("hello from wasi, argc=2\nentry .\nentry ..\nentry hello.txt\n", run.stdout);
            assertEquals("some content\n", Files.readString(dir.resolve("hello.txt")));
        }
    }

    @Test
    void cpuChecksumMatchesNode() throws Exception {
        GuestRun run = GuestRun.run(program("cpu"), List.of(), Engine.COMPILER, "", "2");
        assertEquals(0, run.exitCode(), run.stderr);
        assertEquals("cpu checksum f8f2d6c5\n", run.stdout);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fsmetaChecksumMatchesNode(Engine engine) throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            GuestRun run = GuestRun.run(program("fsmeta"), data(fs), engine, "", "/data", "300");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("fsmeta files 300 entries 300 checksum 481722\n", run.stdout);
        }
        try (var left = Files.list(dir)) {
            assertTrue(left.findAny().isEmpty(), "fsmeta removes everything it created");
        }
    }

    @Test
    void bigioChecksumMatchesNode() throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            GuestRun run = GuestRun.run(program("bigio"), data(fs), Engine.COMPILER, "", "/data", "8");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("bigio bytes 12879014 checksum cad38371d379a3ee\n", run.stdout);
        }
    }

    @Test
    void helloOnSqliteLeavesItsFileInTheTenantTree() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("tarbox.db"))) {
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                GuestRun run = GuestRun.run(program("hello"), data(fs), Engine.COMPILER, "", "/data/hello.txt");
                assertEquals(0, run.exitCode(), run.stderr);
            }
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                long ino = PathResolver.rooted(fs)
                        .resolve("/hello.txt", false)
                        .existing()
                        .ino();
                byte[] buf = new byte[64];
                int n = fs.read(ino, 0, buf, 0, buf.length);
                assertEquals("some content\n", new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void fsmetaOnSqliteMatchesNode() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("tarbox.db"));
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            GuestRun run = GuestRun.run(program("fsmeta"), data(fs), Engine.COMPILER, "", "/data", "300");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("fsmeta files 300 entries 300 checksum 481722\n", run.stdout);
        }
    }

    @Test
    void bigioOnSqliteMatchesNode() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("tarbox.db"));
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            GuestRun run = GuestRun.run(program("bigio"), data(fs), Engine.COMPILER, "", "/data", "8");
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("bigio bytes 12879014 checksum cad38371d379a3ee\n", run.stdout);
        }
    }
}
