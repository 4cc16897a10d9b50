package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox plugin inspect|run} in this process, with standard input and output (which need no
 * database: the store opener here fails if it is used).
 */
class PluginCommandTest {
    private static final String WORDCOUNT =
            Path.of("..", "examples", "plugins", "wordcount", "wordcount.wasm").toString();
    private static final Path TEST_PLUGINS = Path.of("..", "tarbox-wasi", "src", "test", "resources", "plugins");

    @TempDir
    Path home;

    private record Result(int code, String out, String err) {}

    private Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StoreOpener noDatabase = db -> {
            throw new AssertionError("the database was opened for " + db);
        };
        int code = new Main(
                        Map.of("HOME", home.toString()),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        noDatabase,
                        false)
                .execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String testPlugin(String name) {
        return TEST_PLUGINS.resolve(name + ".wasm").toString();
    }

    @Test
    void inspectPrintsTheManifest() {
        Result result = run("", "plugin", "inspect", WORDCOUNT);
        assertEquals(0, result.code(), result.err());
        assertEquals("""
                name:        wordcount
                version:     1.0.0
                description: Counts lines, words and bytes of the input, like wc
                config:      format
                paths:      \s
                """, result.out());
        Result json = run("", "plugin", "inspect", "--json", WORDCOUNT);
        assertTrue(json.out().startsWith("{\"name\":\"wordcount\",\"version\":\"1.0.0\""), json.out());
    }

    @Test
    void runTransformsStandardInputWithConfigAndStats() {
        Result result = run(
                "one two\nthree\n",
                "plugin",
                "run",
                WORDCOUNT,
                "--in",
                "-",
                "--out",
                "-",
                "--set",
                "format=text",
                "--stats");
        assertEquals(0, result.code(), result.err());
        assertEquals("       2       3      14\n", result.out());
        Result interpreted =
                run("one two\nthree\n", "plugin", "run", WORDCOUNT, "--in", "-", "--out", "-", "--interpreter");
        assertEquals("{\"lines\":2,\"words\":3,\"bytes\":14}\n", interpreted.out(), interpreted.err());
        assertTrue(result.err().startsWith("plugin stats: 1 invocation, "), result.err());
        assertTrue(result.err().contains(" 0 retries, memory "), result.err());
    }

    @Test
    void eachFailureHasItsExitCodeAndOneLine() {
        assertFailure(
                6,
                "tarbox: plugin inspect: plugin does not export the function plugin_process"
                        + " (i32, i32, i32, i32, i32, i32) -> (i32)",
                "plugin",
                "inspect",
                testPlugin("missing-process"));
        assertFailure(
                6,
                "tarbox: plugin inspect: manifest lacks the field \"version\"",
                "plugin",
                "inspect",
                testPlugin("manifest-no-version"));
        assertFailure(
                3,
                "tarbox: plugin inspect: nothing.wasm: no such file or directory (on the host)",
                "plugin",
                "inspect",
                "nothing.wasm");
        assertFailure(
                2,
                "tarbox: plugin run: plugin wordcount: does not declare the config key \"colour\""
                        + " (it declares format)",
                "plugin",
                "run",
                WORDCOUNT,
                "--in",
                "-",
                "--out",
                "-",
                "--set",
                "colour=red");
        Result initFailed = assertFailure(
                8,
                "tarbox: plugin run: plugin wordcount: plugin_init failed with code 1",
                "plugin",
                "run",
                WORDCOUNT,
                "--in",
                "-",
                "--out",
                "-",
                "--set",
                "format=xml");
        assertTrue(
                initFailed.err().startsWith("wordcount: error: config \"format\" must be \"json\" or \"text\"\n"),
                "the plugin's own log comes first: " + initFailed.err());
        assertFailure(
                8,
                "tarbox: plugin run: plugin process-negative: plugin_process returned -2",
                "plugin",
                "run",
                testPlugin("process-negative"),
                "--in",
                "-",
                "--out",
                "-");
        assertFailure(
                134,
                "tarbox: plugin run: plugin recursion: trapped in plugin_process: call stack exhausted",
                "plugin",
                "run",
                testPlugin("recursion"),
                "--in",
                "-",
                "--out",
                "-");
        assertFailure(
                9,
                "tarbox: plugin run: plugin infinite-loop: plugin_process ran longer than the time limit of 200 ms",
                "plugin",
                "run",
                testPlugin("infinite-loop"),
                "--in",
                "-",
                "--out",
                "-",
                "--max-ms",
                "200");
        assertFailure(
                10,
                "tarbox: plugin run: plugin memory-bomb: reached the memory limit of 2097152 bytes"
                        + " (memory.grow refused), then trapped in plugin_process: ",
                "plugin",
                "run",
                testPlugin("memory-bomb"),
                "--in",
                "-",
                "--out",
                "-",
                "--max-memory",
                "2M");
        assertFailure(
                11,
                "tarbox: plugin run: plugin output-flood: output of 2147483647 bytes is over the output limit"
                        + " of 1024 bytes",
                "plugin",
                "run",
                testPlugin("output-flood"),
                "--in",
                "-",
                "--out",
                "-",
                "--max-output",
                "1K");
        assertFailure(
                2,
                "tarbox: plugin run: Invalid value for option '--max-memory': '12 parsecs' is not a size"
                        + " (e.g. 65536, 512K, 64M, 1G)",
                "plugin",
                "run",
                WORDCOUNT,
                "--in",
                "-",
                "--out",
                "-",
                "--max-memory",
                "12 parsecs");
    }

    /** The error is one line, the last on stderr (after what the plugin logged, if anything). */
    private Result assertFailure(int code, String messageStart, String... args) {
        Result result = run("", args);
        assertEquals(code, result.code(), result.err());
        java.util.List<String> lines = result.err().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith(messageStart), result.err());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("tarbox: ")).count(), "one line: " + result.err());
        assertEquals("", result.out());
        return result;
    }
}
