package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import io.tarbox.wasi.limits.CallTimer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each limit of {@code tarbox run} (docs/limits.md) stops, or refuses, a program that breaks it,
 * within the limit; what the program committed before (an fsynced file) and wrote before (a file
 * not synced) is in the tree afterwards. The program is {@code src/test/c/limits/limits.c}; the
 * tree is a real database, one subclass per backend.
 */
abstract class RunLimitsTest {
    private static final String MODULE = "limits/limits.wasm";

    private TarboxStore store;
    private FilesystemInterface fs;
    private long data;

    /** A {@code --db} location of a new, empty database. */
    abstract String database();

    @BeforeEach
    void openTree() {
        store = StoreFactory.open(database());
        fs = store.openFilesystem("default");
        data = fs.mkdir(fs.rootIno(), "data", 0755).ino();
    }

    @AfterEach
    void closeTree() {
        if (fs != null) {
            fs.close();
        }
        store.close();
    }

    private GuestRun run(RunLimits limits, Engine engine, String... args) throws ModuleLoadException {
        return GuestRun.run(
                RunOptions.builder(GuestRun.resource(MODULE)).engine(engine).limits(limits),
                MODULE,
                List.of(new Preopen(fs, data, "/data", false)),
                "",
                args);
    }

    /** Reopens the database and reads /data/NAME. */
    private String reopenAndRead(String name) {
        fs.close();
        store.close();
        store = StoreFactory.open(database());
        fs = store.openFilesystem("default");
        data = fs.lookup(fs.rootIno(), "data").ino();
        return read(name);
    }

    private String read(String name) {
        long ino = fs.lookup(data, name).ino();
        byte[] bytes = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void assertEarlierWritesKept() {
        assertEquals("committed before the limit\n", reopenAndRead("before.txt"));
        assertEquals("written before the limit, not synced\n", read("pending.txt"));
    }

    private static RunOutcome.LimitReached limit(GuestRun run, RunLimit expected) {
        RunOutcome.LimitReached reached = assertInstanceOf(
                RunOutcome.LimitReached.class,
                run.outcome,
                run.outcome + "\nstdout: " + run.stdout + "\nstderr: " + run.stderr);
        assertEquals(expected, reached.limit());
        return reached;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void memoryBombIsRefusedGrowthAndStopped(Engine engine) throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxMemoryBytes(16 << 20), engine, "memory", "/data");
        RunOutcome.LimitReached reached = limit(run, RunLimit.MEMORY);
        assertEquals(
                "memory limit of 16777216 bytes reached (memory.grow refused); the program exited with 1",
                reached.message());
        assertTrue(run.stdout.matches("malloc failed after 1[0-5] MiB\n"), run.stdout);
        assertEarlierWritesKept();
    }

    @Test
    void moduleNeedingMoreMemoryThanTheLimitDoesNotStart() throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxMemoryBytes(65536), Engine.COMPILER, "memory", "/data");
        assertTrue(limit(run, RunLimit.MEMORY).message().contains("more than the memory limit of 65536 bytes"));
        assertEquals("", run.stdout);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void infiniteLoopIsStoppedAtTheTimeout(Engine engine) throws Exception {
        long started = System.nanoTime();
        GuestRun run = run(RunLimits.NONE.withTimeoutMillis(500), engine, "spin", "/data");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("time limit of 500 ms reached", limit(run, RunLimit.TIME).message());
        assertTrue(millis >= 500 && millis < 500 + CallTimer.GRACE_MILLIS, "stopped after " + millis + " ms");
        assertEarlierWritesKept();
    }

    @Test
    void sleepingProgramIsStoppedAtTheTimeout() throws Exception {
        long started = System.nanoTime();
        RunOutcome outcome = WasiRun.run(RunOptions.builder(GuestRun.resource("wat/sleep.wasm"))
                .stdio(Stdio.none())
                .limits(RunLimits.NONE.withTimeoutMillis(300))
                .build());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(new RunOutcome.LimitReached(RunLimit.TIME, "time limit of 300 ms reached"), outcome);
        assertTrue(millis < 300 + CallTimer.GRACE_MILLIS, "stopped after " + millis + " ms");
    }

    @Test
    void fuelRunsOutAtTheSameInstructionEveryTime() throws Exception {
        GuestRun first = run(RunLimits.NONE.withFuel(300_000), Engine.COMPILER, "fuel", "/data");
        assertEquals(
                "fuel of 300000 instructions exhausted",
                limit(first, RunLimit.FUEL).message());
        GuestRun second = run(RunLimits.NONE.withFuel(300_000), Engine.INTERPRETER, "fuel", "/data");
        limit(second, RunLimit.FUEL);
        assertTrue(first.stdout.endsWith("000\n"), first.stdout);
        assertEquals(first.stdout, second.stdout);
        assertEarlierWritesKept();
    }

    @Test
    void oneUnitOfFuelIsOneExecutedInstruction() throws Exception {
        // src/test/wat/fuel.wat: `loop` once, 7 instructions in each of 10 iterations, 2 `end`s.
        byte[] module = GuestRun.resource("wat/fuel.wasm");
        assertEquals(
                new RunOutcome.Exited(0),
                WasiRun.run(RunOptions.builder(module)
                        .stdio(Stdio.none())
                        .limits(RunLimits.NONE.withFuel(73))
                        .build()));
        assertEquals(
                RunLimit.FUEL,
                ((RunOutcome.LimitReached) WasiRun.run(RunOptions.builder(module)
                                .stdio(Stdio.none())
                                .limits(RunLimits.NONE.withFuel(72))
                                .build()))
                        .limit());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void outputFloodIsCutAtTheLimit(Engine engine) throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxOutputBytes(1000), engine, "flood", "/data");
        assertEquals(
                "output limit of 1000 bytes reached",
                limit(run, RunLimit.OUTPUT).message());
        assertEquals(1000, run.stdout.length() + run.stderr.length());
        assertEarlierWritesKept();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writesPastTheFileSizeLimitAreEfbig(Engine engine) throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxFileSize(10_000), engine, "bigfile", "/data");
        assertEquals(0, run.exitCode());
        assertEquals("write failed after 10000 bytes: EFBIG\nftruncate to 10001: EFBIG\n", run.stdout);
        assertEarlierWritesKept();
        assertEquals(10_000, read("big.bin").length());
    }

    @Test
    void opensPastTheOpenFilesLimitAreEmfile() throws Exception {
        GuestRun run = run(RunLimits.NONE.withMaxOpenFiles(5), Engine.COMPILER, "files", "/data");
        assertEquals(0, run.exitCode());
        assertEquals("open failed after 5 files: EMFILE\n", run.stdout);
        assertEarlierWritesKept();
    }

    @Test
    void writesPastTheTenantQuotaAreEnospc() throws Exception {
        fs.syncAll();
        store.setQuota("default", OptionalLong.of(300_000));
        GuestRun run = run(RunLimits.NONE, Engine.COMPILER, "fill", "/data");
        assertEquals(0, run.exitCode());
        Matcher m = Pattern.compile("write failed after (\\d+) bytes: ENOSPC\n").matcher(run.stdout);
        assertTrue(m.matches(), run.stdout);
        long written = Long.parseLong(m.group(1));
        assertTrue(written > 200_000 && written <= 300_000, run.stdout);
        assertEarlierWritesKept();
        assertEquals(written, read("fill.bin").length());
        // Every block the program writes is the same 64 KiB: stored once, it counts once.
        TenantUsage usage = store.usage("default");
        assertTrue(usage.usedBytes() >= 65_536 && usage.usedBytes() < 70_000, usage.toString());
    }
}
