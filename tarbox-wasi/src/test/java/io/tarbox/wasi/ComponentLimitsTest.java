package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of a run stop a WASI 0.2 component as they stop a module: the limits program
 * (src/test/c/limits/limits.c) made a component by the preview 1 adapter, on a SQLite tree, with
 * what it committed and wrote before the limit kept. Where WASI 0.2 differs (no EMFILE), the test
 * says so.
 */
class ComponentLimitsTest {
    private static final String COMPONENT = "components/limits.component.wasm";

    @TempDir
    Path dir;

    private TarboxStore store;
    private FilesystemInterface fs;
    private long data;

    @BeforeEach
    void openTree() {
        store = StoreFactory.open(dir.resolve("tarbox.db").toString());
        fs = store.openFilesystem("default");
        data = fs.mkdir(fs.rootIno(), "data", 0755).ino();
    }

    @AfterEach
    void closeTree() {
        fs.close();
        store.close();
    }

    private GuestRun run(RunLimits limits, boolean readOnly, String... args) throws ModuleLoadException {
        return GuestRun.run(
                RunOptions.builder(GuestRun.resource(COMPONENT)).limits(limits),
                COMPONENT,
                List.of(new Preopen(fs, data, "/data", readOnly)),
                "",
                args);
    }

    private String read(String name) {
        long ino = fs.lookup(data, name).ino();
        byte[] bytes = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void assertEarlierWritesKept() {
        assertEquals("committed before the limit\n", read("before.txt"));
        assertEquals("written before the limit, not synced\n", read("pending.txt"));
    }

    private static RunOutcome.LimitReached limit(GuestRun run, RunLimit expected) {
        RunOutcome.LimitReached reached = assertInstanceOf(
                RunOutcome.LimitReached.class, run.outcome, () -> run.outcome + "\n" + run.stdout + run.stderr);
        assertEquals(expected, reached.limit());
        return reached;
    }

    @Test
    void memoryBombIsStopped() throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxMemoryBytes(16 << 20), false, "memory", "/data");
        assertTrue(
                limit(run, RunLimit.MEMORY).message().startsWith("memory limit of 16777216 bytes reached"),
                run.outcome.toString());
        assertEarlierWritesKept();
    }

    @Test
    void infiniteLoopIsStoppedAtTheTimeout() throws Exception {
        GuestRun run = run(RunLimits.NONE.withTimeoutMillis(500), false, "spin", "/data");
        assertEquals("time limit of 500 ms reached", limit(run, RunLimit.TIME).message());
        assertEarlierWritesKept();
    }

    @Test
    void fuelRunsOutAtTheSameInstructionEveryTime() throws Exception {
        GuestRun first = run(RunLimits.NONE.withFuel(600_000), false, "fuel", "/data");
        limit(first, RunLimit.FUEL);
        fs.unlink(data, "before.txt");
        fs.unlink(data, "pending.txt");
        GuestRun second = run(RunLimits.NONE.withFuel(600_000), false, "fuel", "/data");
        limit(second, RunLimit.FUEL);
        assertEquals(first.stdout, second.stdout, "fuel counts every core instance's instructions, deterministically");
        assertEarlierWritesKept();
    }

    @Test
    void outputFloodIsCutAtTheLimit() throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxOutputBytes(1000), false, "flood", "/data");
        assertEquals(
                "output limit of 1000 bytes reached",
                limit(run, RunLimit.OUTPUT).message());
        assertEquals(1000, run.stdout.length() + run.stderr.length());
        assertEarlierWritesKept();
    }

    @Test
    void writesPastTheFileSizeLimitAreEfbig() throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxFileSize(10_000), false, "bigfile", "/data");
        assertEquals(0, run.exitCode(), run.stderr);
        assertEquals("write failed after 10000 bytes: EFBIG\nftruncate to 10001: EFBIG\n", run.stdout);
        assertEquals(10_000, read("big.bin").length());
        assertEarlierWritesKept();
    }

    @Test
    void opensPastTheOpenFilesLimitFailWithoutEmfile() throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxOpenFiles(5), false, "files", "/data");
        assertEquals(0, run.exitCode(), run.stderr);
        // WASI 0.2 has no EMFILE: open-at answers insufficient-memory, which the adapter makes ENOMEM.
        assertEquals("open failed after 5 files: Out of memory\n", run.stdout);
        assertEarlierWritesKept();
    }

    @Test
    void aReadOnlyPreopenRefusesEveryChange() throws Exception {
        GuestRun run = run(RunLimits.NONE, true, "bigfile", "/data");
        assertTrue(run.stdout.isEmpty() || !run.stdout.contains("EFBIG"), run.stdout);
        assertTrue(fs.readdir(data, 0, 10).isEmpty(), "nothing was written through the read-only preopen");
    }
}
