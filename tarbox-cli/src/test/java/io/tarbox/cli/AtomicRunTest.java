package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox run --atomic}, {@code --ephemeral} and {@code --snapshot}, with changes.wasm (see
 * src/test/c/changes.c): an atomic run that ends in any way but exit code 0 (exit 1, a trap, its
 * time limit, the process killed with SIGKILL) leaves the tree exactly as it was; one that exits 0
 * publishes everything; an ephemeral run never changes the tree. On one backend per subclass.
 */
abstract class AtomicRunTest {
    @TempDir
    Path dir;

    Cli cli;
    String module;
    String before;

    /** Points {@code cli} at a fresh database of the subclass's backend. */
    abstract void useDatabase(Cli cli);

    /** A plain JDBC connection to that database, for what another (older) Tarbox would do to it. */
    abstract Connection database() throws SQLException;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(dir);
        useDatabase(cli);
        Path file = dir.resolve("changes.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/changes.wasm")) {
            Files.write(file, in.readAllBytes());
        }
        module = file.toString();
        cli.ok("mkdir", "-p", "/work/keep");
        for (String name : new String[] {"a.txt", "b.txt", "c.txt", "keep/k.txt"}) {
            Cli.Result put = cli.runWithInput(
                    ("the original " + name + "\n").getBytes(StandardCharsets.UTF_8), "put", "-", "/work/" + name);
            assertEquals(0, put.code(), put.toString());
        }
        before = TreeState.of(cli, "/");
    }

    /** {@code tarbox run [options] --dir /work::/data changes.wasm MODE /data}. */
    Cli.Result run(String mode, String... options) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(options));
        args.addAll(List.of("--dir", "/work::/data", module, "--", mode, "/data"));
        return cli.run(args.toArray(String[]::new));
    }

    void assertUnchanged() {
        assertEquals(before, TreeState.of(cli, "/"));
    }

    void assertChangedByTheRun() {
        assertEquals("rewritten by the run\n", cli.ok("cat", "/work/a.txt"));
        assertEquals(ExitCodes.NOT_FOUND, cli.run("cat", "/work/b.txt").code());
        assertEquals("the original c.txt\n", cli.ok("cat", "/work/c-renamed.txt"));
        assertEquals("made by the run\n", cli.ok("cat", "/work/new/new.txt"));
        assertEquals("a.txt\nc-renamed.txt\nkeep\nnew\n", cli.ok("ls", "/work"));
    }

    @Test
    void anAtomicRunThatExitsWithOneLeavesTheTreeAsItWas() {
        Cli.Result run = run("fail", "--atomic");
        assertEquals(1, run.code(), run.toString());
        assertEquals("changed\n", run.out(), "the program did make its changes");
        assertUnchanged();
        assertTrue(cli.ok("runs").contains("  exit 1  "), "the run is on record: " + cli.ok("runs"));
    }

    @Test
    void anAtomicRunThatTrapsLeavesTheTreeAsItWas() {
        Cli.Result run = run("trap", "--atomic");
        assertEquals(ExitCodes.TRAP, run.code(), run.toString());
        assertUnchanged();
    }

    @Test
    void anAtomicRunStoppedByItsTimeoutLeavesTheTreeAsItWas() {
        Cli.Result run = run("spin", "--atomic", "--timeout", "1s");
        assertEquals(ExitCodes.TIME_LIMIT, run.code(), run.toString());
        assertUnchanged();
    }

    @Test
    void anAtomicRunKilledWithSigkillLeavesTheTreeAsItWas() throws Exception {
        Process process = tarbox("run", "--atomic", "--dir", "/work::/data", module, "--", "spin", "/data");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("changed", line, () -> "stderr: " + stderr(process));
            // the run's changes are committed to its scratch layer now, but nobody sees them
            assertUnchanged();
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback by the process
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        assertNotEquals(0, process.exitValue());
        assertUnchanged();
        // the dead run's layer is garbage that gc deletes, and the tree is still usable
        Cli.Result gc = cli.run("gc");
        assertEquals(0, gc.code(), gc.toString());
        assertTrue(gc.out().startsWith("reclaimed 1 layers, "), gc.out());
        assertUnchanged();
        assertEquals(0, run("ok", "--atomic").code());
        assertChangedByTheRun();
    }

    @Test
    void anAtomicRunWhoseDirectoryAnotherProcessRemovedAppliesNothing() throws Exception {
        Process process = tarbox("run", "--atomic", "--dir", "/work::/data", module, "--", "wait", "/data");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("changed", out.readLine(), () -> "stderr: " + stderr(process));
            Cli.Result rm = cli.run("rm", "-r", "/work"); // another process, while the run waits
            assertEquals(0, rm.code(), rm.toString());
            process.getOutputStream().write('\n');
            process.getOutputStream().close(); // the program exits 0: the run tries to publish
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(ExitCodes.CONFLICT, process.exitValue(), () -> stderr(process));
        assertTrue(stderr(process).contains("the tree changed during the run"), () -> stderr(process));
        assertEquals(
                ExitCodes.NOT_FOUND, cli.run("ls", "/work").code(), "the removal stays; nothing of the run came back");
        assertEquals("", cli.ok("ls", "/"));
    }

    /** Runs one statement on {@link #database()}; returns the rows it changed. */
    private int execute(String statement, Object... parameters) throws SQLException {
        try (Connection c = database();
                PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            return st.executeUpdate();
        }
    }

    /** The one scratch layer in the database (a running atomic run's): id and recorded owner. */
    private Object[] scratchLayer() throws SQLException {
        try (Connection c = database();
                ResultSet rs = c.createStatement().executeQuery("SELECT id, owner FROM layers WHERE scratch = 1")) {
            assertTrue(rs.next(), "a scratch layer exists");
            Object[] layer = {rs.getLong(1), rs.getString(2)};
            assertTrue(!rs.next(), "only one");
            return layer;
        }
    }

    @Test
    void gcInAProcessThatTakesTheRunForDeadLeavesItsLayerAlone() throws Exception {
        Process process = tarbox("run", "--atomic", "--dir", "/work::/data", module, "--", "wait", "/data");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("changed", out.readLine(), () -> "stderr: " + stderr(process));
            Object[] layer = scratchLayer();
            String owner = (String) layer[1];
            // Two containers with one host name: the run's pid means nothing, or another process, here.
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            assertEquals(
                    1,
                    execute(
                            "UPDATE layers SET owner = ? WHERE id = ?",
                            owner.substring(0, owner.lastIndexOf(':') + 1) + gone.pid(),
                            layer[0]));
            Cli.Result gc = cli.run("gc");
            assertEquals(0, gc.code(), gc.toString());
            assertTrue(gc.out().startsWith("reclaimed 0 layers, "), gc.out());
            process.getOutputStream().write('\n');
            process.getOutputStream().close();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, process.exitValue(), () -> stderr(process));
        assertChangedByTheRun();
    }

    @Test
    void anAtomicRunWhoseLayerWasDeletedMeanwhileAppliesNothing() throws Exception {
        Process process = tarbox("run", "--atomic", "--dir", "/work::/data", module, "--", "wait", "/data");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("changed", out.readLine(), () -> "stderr: " + stderr(process));
            long layer = (Long) scratchLayer()[0];
            // What a gc that took the run for dead did before scratch layers were locked.
            for (String table : new String[] {"file_chunks", "inodes", "dirents", "layers"}) {
                execute(
                        "DELETE FROM " + table + " WHERE " + (table.equals("layers") ? "id" : "layer_id") + " = ?",
                        layer);
            }
            process.getOutputStream().write('\n');
            process.getOutputStream().close(); // the program exits 0: the run tries to publish
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(ExitCodes.CONFLICT, process.exitValue(), () -> stderr(process));
        assertTrue(
                stderr(process)
                        .contains("the run's private layer was deleted by another process during the run;"
                                + " nothing of the run was applied"),
                () -> stderr(process));
        assertUnchanged();
    }

    @Test
    void anAtomicRunThatExitsWithZeroPublishesAllItsChanges() {
        Cli.Result run = run("ok", "--atomic");
        assertEquals(0, run.code(), run.toString());
        assertChangedByTheRun();
        assertEquals("the original keep/k.txt\n", cli.ok("cat", "/work/keep/k.txt"));
    }

    @Test
    void anEphemeralRunLeavesNothing() {
        Cli.Result run = run("ok", "--ephemeral");
        assertEquals(0, run.code(), run.toString());
        assertEquals("changed\n", run.out());
        assertUnchanged();
        assertEquals("", cli.ok("snapshot", "list"));
    }

    @Test
    void snapshotIsTakenAfterASuccessfulAtomicRunOnly() {
        assertEquals(1, run("fail", "--atomic", "--snapshot", "after-fail").code());
        assertEquals("", cli.ok("snapshot", "list"));
        assertUnchanged();

        assertEquals(0, run("ok", "--atomic", "--snapshot", "after-ok").code());
        assertTrue(cli.ok("snapshot", "list").startsWith("after-ok  "), cli.ok("snapshot", "list"));
        assertEquals("", cli.ok("snapshot", "diff", "after-ok", "current"));
        assertChangedByTheRun();
    }

    @Test
    void withoutAtomicASnapshotIsTakenAfterAnyEnd() {
        Cli.Result run = run("fail", "--snapshot", "after-fail");
        assertEquals(1, run.code(), run.toString());
        assertChangedByTheRun();
        assertTrue(cli.ok("snapshot", "list").startsWith("after-fail  "), cli.ok("snapshot", "list"));
        cli.ok("rm", "-r", "/work/new");
        cli.ok("snapshot", "restore", "after-fail", "--discard");
        assertChangedByTheRun();
    }

    @Test
    void layerOptionsAreCheckedBeforeAnythingRuns() {
        assertEquals(ExitCodes.USAGE, run("ok", "--atomic", "--ephemeral").code());
        assertEquals(
                ExitCodes.USAGE, run("ok", "--ephemeral", "--snapshot", "s").code());
        Cli.Result badName = run("ok", "--snapshot", "-bad");
        assertEquals(ExitCodes.USAGE, badName.code(), badName.toString());
        assertEquals(ExitCodes.USAGE, run("ok", "--snapshot", "a/b").code());
        assertEquals(
                ExitCodes.USAGE,
                cli.run("run", "--atomic", module, "--", "ok", "/data").code());
        assertUnchanged();

        cli.ok("snapshot", "create", "taken");
        Cli.Result taken = run("ok", "--snapshot", "taken");
        assertEquals(ExitCodes.CONFLICT, taken.code(), taken.toString());
        assertEquals("", taken.out(), "the program did not run");
        assertUnchanged();
    }

    /** A {@code tarbox} process on this test's database, as a user would start it. */
    Process tarbox(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(cli.env);
        builder.redirectError(dir.resolve("stderr.txt").toFile());
        return builder.start();
    }

    String stderr(Process process) {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    @Test
    void snapshotsWaitForNoOtherProcessToHaveTheTenantOpen() throws Exception {
        cli.ok("snapshot", "create", "s0");
        Process process = tarbox("run", "--dir", "/work::/data", module, "--", "spin", "/data");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("changed", out.readLine(), () -> "stderr: " + stderr(process));
            Cli.Result create = cli.run("snapshot", "create", "now");
            assertEquals(ExitCodes.CONFLICT, create.code(), create.toString());
            assertEquals("tarbox: snapshot create: the tenant is open in another process\n", create.err());
            Cli.Result restore = cli.run("snapshot", "restore", "s0");
            assertEquals(ExitCodes.CONFLICT, restore.code(), restore.toString());
        } finally {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        cli.ok("snapshot", "create", "now");
        assertEquals("rewritten by the run\n", cli.ok("cat", "/work/a.txt"));
    }

    @Test
    void aSnapshotThatCannotBeTakenAfterTheRunSaysTheRunHappened() throws Exception {
        for (String other : new String[] {"/other", "/third"}) {
            cli.ok("mkdir", other);
            for (String name : new String[] {"a.txt", "b.txt", "c.txt"}) {
                Cli.Result put =
                        cli.runWithInput(name.getBytes(StandardCharsets.UTF_8), "put", "-", other + "/" + name);
                assertEquals(0, put.code(), put.toString());
            }
        }
        Process process = tarbox("run", "--dir", "/other::/data", module, "--", "spin", "/data");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("changed", out.readLine(), () -> "stderr: " + stderr(process));
            Cli.Result run = run("fail", "--snapshot", "s1");
            assertEquals(ExitCodes.CONFLICT, run.code(), run.toString());
            assertEquals(
                    "tarbox: run: the program ended (exit code 1) and its changes are kept, but snapshot 's1' "
                            + "was not taken: the tenant is open in another process\n",
                    run.err());
            assertChangedByTheRun();

            Cli.Result atomic = cli.run(
                    "run", "--atomic", "--snapshot", "s2", "--dir", "/third::/data", module, "--", "ok", "/data");
            assertEquals(ExitCodes.CONFLICT, atomic.code(), atomic.toString());
            assertEquals(
                    "tarbox: run: the program ended (exit code 0) and its changes are published, but snapshot "
                            + "'s2' was not taken: the tenant is open in another process\n",
                    atomic.err());
            assertEquals("rewritten by the run\n", cli.ok("cat", "/third/a.txt"));
        } finally {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals("", cli.ok("snapshot", "list"));
    }
}
