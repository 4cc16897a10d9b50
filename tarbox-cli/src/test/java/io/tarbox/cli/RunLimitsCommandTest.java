package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limit options of {@code tarbox run}: each stops (or refuses) the limits test program
 * (tarbox-wasi/src/test/c/limits/limits.c) with its exit code and one line naming the limit and its
 * value, and the files it wrote before are in the tree afterwards.
 */
class RunLimitsCommandTest {
    @TempDir
    Path dir;

    private Cli cli;
    private String module;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(dir);
        Path file = dir.resolve("limits.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/limits.wasm")) {
            Files.write(file, in.readAllBytes());
        }
        module = file.toString();
        cli.ok("mkdir", "/data");
    }

    private Cli.Result run(String... limitsThenArgs) {
        String[] args = new String[limitsThenArgs.length + 4];
        args[0] = "run";
        args[1] = "--dir";
        args[2] = "/data";
        System.arraycopy(limitsThenArgs, 0, args, 3, limitsThenArgs.length);
        args[args.length - 1] = "/data";
        return cli.run(args);
    }

    private void assertStopped(Cli.Result result, int code, String line) {
        assertEquals(code, result.code(), result.toString());
        assertTrue(result.err().endsWith(line + "\n"), result.toString());
        assertEquals("committed before the limit\n", cli.ok("cat", "/data/before.txt"));
        assertEquals("written before the limit, not synced\n", cli.ok("cat", "/data/pending.txt"));
    }

    @Test
    void memoryLimit() {
        Cli.Result result = run("--max-memory", "16M", module, "memory");
        assertStopped(
                result,
                ExitCodes.MEMORY_LIMIT,
                "tarbox: run: stopped by --max-memory 16M: memory limit of "
                        + "16777216 bytes reached (memory.grow refused); the program exited with 1");
        assertTrue(result.out().startsWith("malloc failed after "), result.toString());
    }

    @Test
    void timeout() {
        assertStopped(
                run("--timeout", "300ms", module, "spin"),
                ExitCodes.TIME_LIMIT,
                "tarbox: run: stopped by --timeout 300ms: time limit of 300 ms reached");
    }

    @Test
    void fuelStopsAtTheSameInstructionEveryRun() {
        Cli.Result first = run("--fuel", "200000", module, "fuel");
        assertStopped(
                first,
                ExitCodes.FUEL_LIMIT,
                "tarbox: run: stopped by --fuel 200000: fuel of 200000 instructions exhausted");
        Cli.Result second = run("--fuel", "200000", module, "fuel");
        assertEquals(first.out(), second.out());
        assertEquals(first.err(), second.err());
    }

    @Test
    void outputLimit() {
        Cli.Result result = run("--max-output", "1K", module, "flood");
        assertStopped(
                result,
                ExitCodes.OUTPUT_LIMIT,
                "tarbox: run: stopped by --max-output 1K: output limit of 1024 bytes reached");
        assertEquals(1024, result.stdout().length);
    }

    @Test
    void fileSizeLimitIsEfbigInsideTheProgram() {
        Cli.Result result = run("--max-file-size", "10000", module, "bigfile");
        assertEquals(0, result.code(), result.toString());
        assertEquals("write failed after 10000 bytes: EFBIG\nftruncate to 10001: EFBIG\n", result.out());
        assertTrue(cli.ok("ls", "-l", "/data/big.bin").contains(" 10000 "));
    }

    @Test
    void openFilesLimitIsEmfileInsideTheProgram() {
        Cli.Result result = run("--max-open-files", "3", module, "files");
        assertEquals(0, result.code(), result.toString());
        assertEquals("open failed after 3 files: EMFILE\n", result.out());
    }

    @Test
    void withoutTheOptionAProgramMayOpen1024Files() {
        Cli.Result result = run(module, "files");
        assertEquals(0, result.code(), result.toString());
        assertEquals("open failed after 1024 files: EMFILE\n", result.out());
    }

    @Test
    void noneLiftsTheOpenFilesLimit() {
        Cli.Result result =
                cli.run("run", "--dir", "/data", "--max-open-files", "none", module, "files", "/data", "1500");
        assertEquals(0, result.code(), result.toString());
        assertEquals("opened 1500 files\n", result.out());
    }

    @Test
    void badLimitValuesAreUsageErrors() {
        for (String[] bad : new String[][] {
            {"--max-memory", "lots"},
            {"--timeout", "0"},
            {"--timeout", "5 days"},
            {"--fuel", "-1"},
            {"--max-open-files", "-2"},
            {"--max-open-files", "all"},
            {"--max-memory-pages", "4"}
        }) {
            Cli.Result result = cli.run("run", bad[0], bad[1], module, "spin", "/data");
            assertEquals(ExitCodes.USAGE, result.code(), String.join(" ", bad) + "\n" + result);
        }
    }
}
