package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code tarbox run} processes on one tenant at once, as users start them: programs that
 * append to one log (append.wasm, src/test/c/append.c) lose no line and leave no hole, whether they
 * reopen the file for each line or keep it open; programs that create and delete the same names
 * (churn.wasm) both finish without a failed call, and the tree is consistent. The same append
 * program as a WASI 0.2 component (append-via-stream) too. On one backend per subclass.
 */
abstract class ConcurrentRunsTest {
    private static final int WRITERS = 3;
    private static final int LINES = 5000;
    private static final Pattern LINE = Pattern.compile("W(\\d+):(\\d+):\\.*");

    @TempDir
    Path dir;

    Cli cli;
    /** The runs a test started; any still running when it ends are killed. */
    private final List<Process> runs = new ArrayList<>();

    /** Points {@code cli} at a fresh database of the subclass's backend. */
    abstract void useDatabase(Cli cli);

    /** Opens the store of that database in this process (for SqlFsck). */
    abstract SqlStore openStore();

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        useDatabase(cli);
    }

    /** Kills the runs still running (after a failed test), before the database is dropped. */
    private void killLeftovers() throws InterruptedException {
        for (Process run : runs) {
            if (run.isAlive()) {
                run.destroyForcibly();
                run.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void appendsOfRunsThatReopenTheLogForEachLineAllLand() throws Exception {
        try {
            appendConcurrently("reopen");
        } finally {
            killLeftovers();
        }
    }

    @Test
    void appendsOfRunsThatKeepTheLogOpenAllLand() throws Exception {
        try {
            appendConcurrently("open");
        } finally {
            killLeftovers();
        }
    }

    @Test
    void appendsOfComponentsThatKeepTheLogOpenAllLand() throws Exception {
        try {
            appendConcurrently("append.component", "open", LINES / 5);
        } finally {
            killLeftovers();
        }
    }

    private void appendConcurrently(String mode) throws Exception {
        appendConcurrently("append", mode, LINES);
    }

    private void appendConcurrently(String program, String mode, int lines) throws Exception {
        cli.ok("mkdir", "/log");
        // The log exists already, as logs do: opening it changes nothing, so no writer holds a lock.
        assertEquals(
                0, cli.runWithInput(new byte[0], "put", "-", "/log/app.log").code());
        String module = module(program);
        for (int w = 0; w < WRITERS; w++) {
            runs.add(tarbox(
                    "run",
                    "--dir",
                    "/log",
                    module,
                    "--",
                    "/log/app.log",
                    Integer.toString(lines),
                    "W" + w,
                    mode,
                    "/log/go"));
        }
        awaitReady(runs);
        cli.ok("mkdir", "/log/go"); // all writers start now
        for (int w = 0; w < WRITERS; w++) {
            finish(runs.get(w), "writer " + w);
        }
        byte[] log = cli.run("cat", "/log/app.log").stdout();
        BitSet[] seen = new BitSet[WRITERS];
        for (int w = 0; w < WRITERS; w++) {
            seen[w] = new BitSet();
        }
        int nul = 0;
        for (byte b : log) {
            nul += b == 0 ? 1 : 0;
        }
        List<String> damaged = new ArrayList<>();
        int duplicates = 0;
        String text = new String(log, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || Integer.parseInt(m.group(1)) >= WRITERS) {
                if (!line.isEmpty() && damaged.size() < 5) {
                    damaged.add(line.replace("\0", "\\0"));
                }
                continue;
            }
            int w = Integer.parseInt(m.group(1));
            int i = Integer.parseInt(m.group(2));
            duplicates += seen[w].get(i) ? 1 : 0;
            seen[w].set(i);
        }
        int intact = 0;
        for (BitSet s : seen) {
            intact += s.cardinality();
        }
        String figures = "bytes " + log.length + ", NUL bytes " + nul + ", intact lines " + intact + " of "
                + WRITERS * lines + ", duplicated " + duplicates + ", damaged " + damaged;
        System.out.println(getClass().getSimpleName() + " " + program + " " + mode + ": " + figures);
        assertEquals(0, nul, figures);
        assertTrue(damaged.isEmpty(), figures);
        assertEquals(0, duplicates, figures);
        assertEquals(WRITERS * lines, intact, figures);
        assertTrue(text.endsWith("\n"), figures);
        assertConsistent();
    }

    @Test
    void runsCreatingAndDeletingTheSameNamesBothFinish() throws Exception {
        try {
            churnConcurrently();
        } finally {
            killLeftovers();
        }
    }

    private void churnConcurrently() throws Exception {
        cli.ok("mkdir", "/churn", "/start");
        String module = module("churn");
        for (int p = 0; p < 2; p++) {
            runs.add(tarbox(
                    "run", "--dir", "/churn", "--dir", "/start", module, "--", "/churn", "1000", "5", "/start/go"));
        }
        awaitReady(runs);
        cli.ok("mkdir", "/start/go"); // both start now
        for (int p = 0; p < 2; p++) {
            String out = finish(runs.get(p), "churner " + p);
            assertEquals("failures: 0\n", out);
        }
        assertEquals("", cli.ok("ls", "/churn"), "both deleted every name at the end");
        assertConsistent();
    }

    /** Waits until every run has printed "ready" (and waits for the go file). */
    private static void awaitReady(List<Process> runs) throws IOException {
        for (Process run : runs) {
            String ready =
                    new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("ready", ready, () -> new String(readQuietly(run.getErrorStream()), StandardCharsets.UTF_8));
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private void assertConsistent() {
        try (SqlStore store = openStore()) {
            SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
            assertTrue(report.consistent(), () -> report.problems().toString());
        }
    }

    /** Waits for a run; it must exit 0. Returns its stdout. */
    private String finish(Process process, String what) throws Exception {
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), what + " did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), what + ": " + out + err);
        return out;
    }

    private String module(String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name + ".wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    /** A {@code tarbox} process on this test's database, as a user would start it. */
    private Process tarbox(String... args) throws IOException {
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
        return builder.start();
    }
}
