package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.storage.StoreFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox plugin run} with its input, output and granted files in a tenant's tree (SQLite). */
class PluginRunTreeTest {
    private static final String REPLACE =
            Path.of("..", "examples", "plugins", "replace", "replace.wasm").toString();
    private static final String FAILING = Path.of(
                    "..", "tarbox-wasi", "src", "test", "resources", "plugins", "process-negative.wasm")
            .toString();

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
                "HOME",
                dir.resolve("home").toString(),
                "TARBOX_DB",
                dir.resolve("tarbox.db").toString());
        int code = new Main(
                        env,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        StoreFactory::open,
                        false)
                .execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String ok(String... args) {
        Result result = run(args);
        assertEquals(0, result.code(), String.join(" ", args) + ": " + result);
        return result.out();
    }

    @BeforeEach
    void tree() throws IOException {
        ok("mkdir", "/data");
        Path rules = dir.resolve("rules.tsv");
        Files.writeString(rules, "colour\tcolor\n");
        ok("put", rules.toString(), "/data/rules.tsv");
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "what colour?\n");
        ok("put", input.toString(), "/data/in.txt");
    }

    @Test
    void readsTheInputAndRulesFromTheTreeAndWritesTheOutputThere() {
        Result result = run(
                "plugin",
                "run",
                REPLACE,
                "--in",
                "/data/in.txt",
                "--out",
                "/data/out.txt",
                "--set",
                "rules=/data/rules.tsv",
                "--grant",
                "/data/rules.tsv",
                "--stats");
        assertEquals(0, result.code(), result.toString());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("plugin stats: 1 invocation, "), result.err());
        assertEquals("what color?\n", ok("cat", "/data/out.txt"));
    }

    @Test
    void withoutTheGrantThePluginCannotReadItsRules() {
        Result result = run(
                "plugin",
                "run",
                REPLACE,
                "--in",
                "/data/in.txt",
                "--out",
                "-",
                "--set",
                "rules=/data/rules.tsv",
                "--grant",
                "/data/in.txt");
        assertEquals(8, result.code(), result.toString());
        assertEquals(
                "replace: error: rules file not granted (use --grant)\n"
                        + "tarbox: plugin run: plugin replace: plugin_init failed with code 3\n",
                result.err());
    }

    @Test
    void aFailingPluginLeavesTheOutputFileAsItWas() {
        ok(
                "plugin",
                "run",
                REPLACE,
                "--in",
                "/data/in.txt",
                "--out",
                "/data/out.txt",
                "--set",
                "rules=/data/rules.tsv",
                "--grant",
                "/data");
        Result result = run("plugin", "run", FAILING, "--in", "/data/in.txt", "--out", "/data/out.txt");
        assertEquals(8, result.code(), result.toString());
        assertEquals("what color?\n", ok("cat", "/data/out.txt"));
    }

    @Test
    void badInputOrOutputPathsFailBeforeThePluginRuns() {
        Result missing = run("plugin", "run", REPLACE, "--in", "/data/nothing", "--out", "-");
        assertEquals(3, missing.code(), missing.toString());
        assertEquals("tarbox: plugin run: /data/nothing: no such file or directory\n", missing.err());
        Result directory = run("plugin", "run", REPLACE, "--in", "/data/in.txt", "--out", "/data");
        assertEquals(4, directory.code(), directory.toString());
        assertEquals("tarbox: plugin run: /data: is a directory\n", directory.err());
    }
}
