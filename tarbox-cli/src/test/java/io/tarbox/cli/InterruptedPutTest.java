package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tarbox put} process stopped halfway (its input still open) leaves no
 * {@code .tarbox-put-*} file: SIGTERM runs its clean-up, and after {@code kill -9} {@code tarbox gc}
 * removes it, but never the temporary file of a put still running. One backend per subclass.
 */
abstract class InterruptedPutTest {
    private static final int HALFWAY = 12 << 20; // past the write buffer: the temporary file is committed

    @TempDir
    Path dir;

    Cli cli;

    /** Points {@code cli} at a fresh database of the subclass's backend. */
    abstract void useDatabase(Cli cli);

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        useDatabase(cli);
        cli.ok("mkdir", "/in");
    }

    /** A put from standard input that has written {@link #HALFWAY} bytes and waits for more. */
    private Process halfwayPut() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "put",
                "-",
                "/in/big.bin"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(dir.resolve("put.err").toFile());
        builder.environment().putAll(cli.env);
        Process put = builder.start();
        OutputStream in = put.getOutputStream();
        in.write(new byte[HALFWAY]);
        in.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (temporaryFiles() == 0) {
            assertTrue(put.isAlive() && System.nanoTime() < deadline, "the put never committed its temporary file");
            Thread.sleep(50);
        }
        return put;
    }

    private String errors() {
        try {
            return java.nio.file.Files.readString(dir.resolve("put.err"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private long temporaryFiles() {
        return cli.ok("ls", "-a", "/in")
                .lines()
                .filter(name -> name.startsWith(".tarbox-put-"))
                .count();
    }

    @Test
    void sigtermRemovesTheTemporaryFile() throws Exception {
        Process put = halfwayPut();
        // SIGTERM alone (Process.destroy would also close the put's input, which it would take as its end)
        put.toHandle().destroy();
        assertTrue(put.waitFor(30, TimeUnit.SECONDS));
        assertEquals(
                ".\n..\n",
                cli.ok("ls", "-a", "/in"),
                () -> "nothing left, and no half file in place; put said: " + errors());
    }

    @Test
    void gcRemovesTheTemporaryFileOfAKilledPut() throws Exception {
        Process put = halfwayPut();
        put.toHandle().destroyForcibly(); // SIGKILL: no clean-up runs
        assertTrue(put.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, temporaryFiles());
        assertTrue(cli.ok("gc").startsWith("removed 1 temporary file of interrupted puts\n"));
        assertEquals(".\n..\n", cli.ok("ls", "-a", "/in"));
    }

    @Test
    void gcNeverRemovesThatOfAPutStillRunning() throws Exception {
        Process put = halfwayPut();
        try {
            assertFalse(cli.ok("gc").contains("temporary file"));
            assertEquals(1, temporaryFiles(), "a running put's file stays");
            try (OutputStream in = put.getOutputStream()) {
                in.write(new byte[1 << 20]);
            }
            assertEquals(0, put.waitFor(), "the put finishes");
        } finally {
            put.destroyForcibly();
        }
        assertEquals(".\n..\nbig.bin\n", cli.ok("ls", "-a", "/in"));
        assertTrue(cli.ok("stat", "/in/big.bin").contains(Integer.toString(HALFWAY + (1 << 20))));
    }
}
