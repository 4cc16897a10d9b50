package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tarbox run} process stopped from outside while its program spins, after the
 * program changed the tree and synced (src/test/c/changes.c, mode "spin"): by SIGTERM (what
 * {@code timeout} sends) and by SIGKILL. What the tree shows committed has its audit rows, and
 * {@code tarbox runs} says how the run ended: "signal SIGTERM" (exit code 143), or "killed" once the
 * process is gone. On one backend per subclass.
 */
abstract class KilledRunTest {
    /** Every change changes.c makes, each with its audit row. */
    private static final List<String> CHANGES = List.of(
            "path_open /data/a.txt",
            "fd_write /data/a.txt",
            "path_unlink_file /data/b.txt",
            "path_rename /data/c.txt -> /data/c-renamed.txt",
            "path_create_directory /data/new",
            "path_open /data/new/new.txt",
            "fd_write /data/new/new.txt");

    @TempDir
    Path dir;

    Cli cli;
    String module;
    /** The processes a test started: none may outlive it, whatever it asserted. */
    private final List<Process> started = new ArrayList<>();

    /** Points {@code cli} at a fresh database of the subclass's backend. */
    abstract void useDatabase(Cli cli);

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(dir);
        useDatabase(cli);
        Path file = dir.resolve("changes.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/changes.wasm")) {
            Files.write(file, in.readAllBytes());
        }
        module = file.toString();
        cli.ok("mkdir", "/work");
        for (String name : new String[] {"a.txt", "b.txt", "c.txt"}) {
            Cli.Result put = cli.runWithInput(
                    ("the original " + name + "\n").getBytes(StandardCharsets.UTF_8), "put", "-", "/work/" + name);
            assertEquals(0, put.code(), put.toString());
        }
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunStoppedBySigtermRecordsTheSignalAndEveryChange() throws Exception {
        Process process = spinning();
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the run ends after SIGTERM");
        assertEquals(143, process.exitValue(), () -> stderr());

        JsonNode run = onlyRun();
        assertEquals("signal", run.get("status").asText(), run.toString());
        assertEquals("SIGTERM", run.get("signal").asText(), run.toString());
        assertEquals(143, run.get("exitCode").asInt(), run.toString());
        assertTrue(run.get("durationMs").asLong() >= 0, run.toString());
        assertEquals(5, run.get("filesChanged").asLong(), run.toString());
        assertTrue(cli.ok("runs").contains("  signal SIGTERM  5 files changed\n"), cli.ok("runs"));
        assertTreeChangedAndRecorded(run.get("id").asText());
    }

    @Test
    void aRunWithATimeoutStoppedBySigtermRecordsTheSignalToo() throws Exception {
        Process process = spinning("--timeout", "10m"); // the guest runs on the timer's worker thread
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, process.exitValue(), () -> stderr());
        assertEquals("SIGTERM", onlyRun().get("signal").asText());
        assertTreeChangedAndRecorded(onlyRun().get("id").asText());
    }

    @Test
    void anAtomicRunStoppedBySigtermPublishesNothingButRecordsWhatItTried() throws Exception {
        Process process = spinning("--atomic");
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, process.exitValue(), () -> stderr());
        assertEquals("a.txt\nb.txt\nc.txt\n", cli.ok("ls", "/work"), "the tree is as it was");
        JsonNode run = onlyRun();
        assertEquals("SIGTERM", run.get("signal").asText(), run.toString());
        assertEquals(
                CHANGES.size(),
                cli.ok("audit", "--run", run.get("id").asText()).lines().count(),
                "what the run did to its scratch layer is in the trail");
    }

    @Test
    void aRunKilledBySigkillShowsAsKilledAndItsCommittedChangesHaveTheirRows() throws Exception {
        Process process = spinning();
        assertEquals("running", onlyRun().get("status").asText(), "a live run is told from a dead one");
        process.destroyForcibly(); // SIGKILL: nothing of the process runs any more
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, process.exitValue());

        JsonNode run = onlyRun();
        for (int i = 0; i < 100 && run.get("status").asText().equals("running"); i++) {
            Thread.sleep(100); // PostgreSQL ends the dead client's session (and its lock) a moment later
            run = onlyRun();
        }
        assertEquals("killed", run.get("status").asText(), run.toString());
        assertTrue(run.get("exitCode").isNull(), run.toString());
        assertTrue(cli.ok("runs").contains("  -  killed  5 files changed\n"), cli.ok("runs"));
        assertTreeChangedAndRecorded(run.get("id").asText());
    }

    @Test
    void aCommandKilledMidwayHasItsRowForWhatItCommitted() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "put",
                "-",
                "/work/big.bin"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(cli.env);
        builder.redirectError(dir.resolve("stderr.txt").toFile());
        Process process = builder.start();
        started.add(process);
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < 12; i++) { // past the 8 MiB that make the tree commit before the command ends
            process.getOutputStream().write(block);
        }
        process.getOutputStream().flush(); // and then the command waits for more
        String rows = "";
        for (int i = 0; i < 600 && rows.isEmpty(); i++) {
            Thread.sleep(100);
            rows = cli.ok("audit", "--op", "put", "--path", "/work/big.bin");
        }
        assertTrue(rows.contains("  cli  put  /work/big.bin  0  ok\n"), "the row came with the first commit: " + rows);
        process.destroyForcibly();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(cli.ok("ls", "-a", "/work").contains(".tarbox-put-"), "the partial file it committed is there");
        assertEquals(
                1,
                cli.ok("audit", "--op", "put", "--path", "/work/big.bin")
                        .lines()
                        .count());
    }

    /** The tree has every change the program synced, and the trail a row for each. */
    private void assertTreeChangedAndRecorded(String runId) {
        assertEquals("a.txt\nc-renamed.txt\nnew\n", cli.ok("ls", "/work"), "b.txt deleted, c.txt renamed");
        assertEquals("rewritten by the run\n", cli.ok("cat", "/work/a.txt"));
        List<String> rows = new ArrayList<>();
        for (String line : cli.ok("audit", "--run", runId).split("\n")) {
            String[] columns = line.split("  ");
            rows.add(columns[2] + " " + columns[3]);
        }
        assertEquals(CHANGES, rows, "the trail is not behind the tree");
    }

    /** Starts {@code tarbox run [options] --dir /work::/data changes.wasm spin /data}; returns once it changed the tree. */
    private Process spinning(String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run"));
        command.addAll(List.of(options));
        command.addAll(List.of("--dir", "/work::/data", module, "--", "spin", "/data"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(cli.env);
        builder.redirectError(dir.resolve("stderr.txt").toFile());
        Process process = builder.start();
        started.add(process);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("changed", out.readLine(), () -> "stderr: " + stderr());
        return process;
    }

    private JsonNode onlyRun() throws IOException {
        JsonNode runs = new ObjectMapper().readTree(cli.ok("runs", "--json"));
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }
}
