package io.tarbox.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.RunOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API on a real store: runs of examples/hello (which appends to
 * /data/greetings.txt and counts the lines) persistent, ephemeral and atomic, files in and out,
 * snapshots, errors. A backend is a subclass that says where the store lives.
 */
abstract class EmbeddingApiTest {
    static final Path HELLO = Path.of("../examples/hello/hello.wasm");
    static final Path HELLO_COMPONENT = Path.of("../examples/hello/hello.component.wasm");

    @TempDir
    Path dir;

    Tarbox tarbox;
    Tenant tenant;

    /** The store's location as {@link Tarbox#open(String)} takes it. */
    abstract String location();

    @BeforeEach
    void open() {
        tarbox = Tarbox.open(location());
        tenant = tarbox.createTenant("app");
        tenant.mkdirs("/data");
    }

    @AfterEach
    void close() {
        if (tarbox != null) {
            tarbox.close();
        }
    }

    private String greetings() {
        return tenant.readFile("/data/greetings.txt")
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse(null);
    }

    @Test
    void aPersistentRunKeepsWhatTheProgramWrote() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunResult first =
                tenant.run(HELLO).args("embedder").dir("/data").stdout(out).execute();
        assertEquals(new RunOutcome.Exited(0), first.outcome());
        assertEquals(0, first.exitCode());
        assertNotNull(first.runId(), "the run is recorded in the tenant's runs");
        assertEquals("hello, embedder\n1 greeting so far\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("embedder\n", greetings());

        out.reset();
        tenant.run(HELLO).args("again").dir("/data").stdout(out).execute();
        assertEquals("hello, again\n2 greetings so far\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(tarbox.tenantNames().contains("app"));
    }

    @Test
    void aComponentRunsThroughTheSamePath() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunResult result = tenant.run(HELLO_COMPONENT)
                .args("component")
                .dir("/data")
                .stdout(out)
                .execute();
        assertEquals(0, result.exitCode(), out.toString(StandardCharsets.UTF_8));
        assertEquals("component\n", greetings());
    }

    @Test
    void anEphemeralRunShowsItsFilesAndKeepsNothing() throws Exception {
        tenant.writeFile("/data/greetings.txt", "before\n".getBytes(StandardCharsets.UTF_8));
        RunResult result = tenant.run(HELLO)
                .args("ghost")
                .dir("/data")
                .mode(Run.Mode.EPHEMERAL)
                .collect("/data/greetings.txt", "/data/absent")
                .execute();
        assertEquals(0, result.exitCode());
        assertEquals(
                "before\nghost\n",
                new String(result.file("/data/greetings.txt").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), result.file("/data/absent"));
        assertThrows(IllegalArgumentException.class, () -> result.file("/data/other"));
        assertEquals("before\n", greetings(), "the tree is as it was");
    }

    @Test
    void anAtomicRunPublishesOnlyOnExitZero() throws Exception {
        RunResult ok = tenant.run(HELLO)
                .args("atomic")
                .dir("/data")
                .mode(Run.Mode.ATOMIC)
                .execute();
        assertTrue(ok.published());
        assertEquals("atomic\n", greetings());

        // read-only preopen: fopen fails, the program exits 1; nothing is published
        RunResult failed = tenant.run(HELLO)
                .args("nope")
                .dir("/data", "/data", true)
                .mode(Run.Mode.ATOMIC)
                .execute();
        assertEquals(1, failed.exitCode());
        assertFalse(failed.published());
        assertEquals("atomic\n", greetings());
    }

    @Test
    void snapshotsAreTakenAndRestored() throws Exception {
        tenant.run(HELLO).args("one").dir("/data").execute();
        tenant.snapshot("after-one", "one greeting");
        tenant.run(HELLO).args("two").dir("/data").execute();
        assertEquals("one\ntwo\n", greetings());

        tenant.restore("after-one", true);
        assertEquals("one\n", greetings());
        assertEquals("after-one", tenant.snapshots().get(0).name());
        tenant.dropSnapshot("after-one");
        assertTrue(tenant.snapshots().isEmpty());
    }

    @Test
    void hostDirectoriesAreImportedAndPreopened() throws Exception {
        Path fixtures = Files.createDirectories(dir.resolve("fixtures/sub"));
        Files.writeString(fixtures.resolve("a.txt"), "alpha");
        tenant.importDirectory(dir.resolve("fixtures"), "/in");
        assertArrayEquals(
                "alpha".getBytes(StandardCharsets.UTF_8),
                tenant.readFile("/in/sub/a.txt").orElseThrow());

        Path host = Files.createDirectory(dir.resolve("host"));
        RunResult result =
                tenant.run(HELLO).args("host").hostDir(host, "/data", false).execute();
        assertEquals(0, result.exitCode());
        assertEquals("host\n", Files.readString(host.resolve("greetings.txt")));
        assertEquals(null, result.runId(), "a run on host directories only is not recorded in the tenant");
    }

    @Test
    void errorsAreTheContractsAndTheLoaders() {
        FsException unknown = assertThrows(FsException.class, () -> tarbox.tenant("nobody"));
        assertEquals(FsError.NOT_FOUND, unknown.error());
        FsException missing = assertThrows(
                FsException.class, () -> tenant.run(HELLO).dir("/missing").execute());
        assertEquals(FsError.NOT_FOUND, missing.error());
        assertThrows(
                ModuleLoadException.class,
                () -> tenant.run("not wasm".getBytes(StandardCharsets.UTF_8)).execute());
        assertEquals(
                FsError.EXISTS,
                assertThrows(FsException.class, () -> tarbox.createTenant("app"))
                        .error());
    }

    @Test
    void runsOnTwoTenantsProceedAtOnceOnOneStore() throws Exception {
        Tenant other = tarbox.createTenant("other");
        other.mkdirs("/data");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<RunResult>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                for (Tenant t : java.util.List.of(tenant, other)) {
                    runs.add(pool.submit(
                            () -> t.run(HELLO).args(t.name()).dir("/data").execute()));
                }
            }
            for (var run : runs) {
                assertEquals(0, run.get().exitCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("app\napp\napp\n", greetings());
        assertEquals(
                "other\nother\nother\n",
                new String(other.readFile("/data/greetings.txt").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void noCommandLineClassIsOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.tarbox.cli.Main"));
    }
}
