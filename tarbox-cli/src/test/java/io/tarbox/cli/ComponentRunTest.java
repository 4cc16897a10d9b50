package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox run} and {@code tarbox inspect} of WASI 0.2 components, on a SQLite tree: what a
 * module gets, a component gets (preopens of the tree, audit, --atomic, --ephemeral, limits,
 * --interpreter), --invoke with WAVE values, the error paths (a trap changes nothing stored), and
 * one line with exit code 6 for every kind of bad component.
 */
class ComponentRunTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        cli.ok("mkdir", "/work");
    }

    private String resource(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = getClass().getResourceAsStream("/wasm/" + name)) {
                Files.write(file, in.readAllBytes());
            }
        }
        return file.toString();
    }

    /** A failing command: its code, one line on stderr, no stack trace. */
    private String fails(int code, String... args) {
        Cli.Result result = cli.run(args);
        assertEquals(code, result.code(), result.toString());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result.err());
        return result.err();
    }

    private static String withoutTimes(String lines) {
        return lines.replaceAll("(?m)^\\S+  ", "");
    }

    @Test
    void aCommandComponentRunsOnTheTreeAndIsAudited() throws IOException {
        Cli.Result run =
                cli.run("run", "--dir", "/work::/data", resource("hello.component.wasm"), "--", "/data/out.txt");
        assertEquals(0, run.code(), run.toString());
        assertEquals("hello from wasi, argc=2\nentry .\nentry ..\nentry out.txt\n", run.out());
        assertEquals("some content\n", cli.ok("cat", "/work/out.txt"));
        String runs = cli.ok("runs");
        assertTrue(runs.contains("hello.component.wasm") && runs.contains("exit 0"), runs);
        String runId = runs.substring(0, 36);
        assertEquals(
                "path_open  /data/out.txt  0  ok\nfd_write  /data/out.txt  13  ok\n",
                withoutTimes(cli.ok("audit", "--run", runId)).replace(runId + "  ", ""));
    }

    @Test
    void theInterpreterRunsComponentsToo() throws IOException {
        Cli.Result run = cli.run(
                "run",
                "--interpreter",
                "--dir",
                "/work::/data",
                resource("hello.component.wasm"),
                "--",
                "/data/out.txt");
        assertEquals(0, run.code(), run.toString());
        assertEquals("some content\n", cli.ok("cat", "/work/out.txt"));
    }

    private void putThree() {
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            cli.runWithInput(name.getBytes(StandardCharsets.UTF_8), "put", "-", "/work/" + name);
        }
    }

    private Cli.Result changes(String mode, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(options));
        args.addAll(List.of("--dir", "/work::/data", resource("changes.component.wasm"), mode, "/data"));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void atomicAndEphemeralRunsOfComponents() throws IOException {
        putThree();
        Cli.Result failed = changes("fail", "--atomic");
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.out().contains("changed"), failed.toString());
        assertEquals("a.txt\nb.txt\nc.txt\n", cli.ok("ls", "/work"), "a failed atomic run leaves the tree as it was");
        Cli.Result ephemeral = changes("ok", "--ephemeral");
        assertEquals(0, ephemeral.code(), ephemeral.toString());
        assertEquals("a.txt\nb.txt\nc.txt\n", cli.ok("ls", "/work"), "an ephemeral run's changes are discarded");
        Cli.Result trapped = changes("trap", "--atomic");
        assertEquals(ExitCodes.TRAP, trapped.code(), trapped.toString());
        assertEquals("a.txt\nb.txt\nc.txt\n", cli.ok("ls", "/work"));
        assertEquals(0, changes("ok", "--atomic").code());
        assertEquals("a.txt\nc-renamed.txt\nnew\n", cli.ok("ls", "/work"));
    }

    @Test
    void limitsStopComponents() throws IOException {
        putThree();
        assertTrue(fails(
                        ExitCodes.of(io.tarbox.wasi.RunLimit.TIME),
                        "run",
                        "--timeout",
                        "500ms",
                        "--dir",
                        "/work::/data",
                        resource("changes.component.wasm"),
                        "spin",
                        "/data")
                .contains("--timeout 500ms"));
        assertTrue(fails(
                        ExitCodes.of(io.tarbox.wasi.RunLimit.FUEL),
                        "run",
                        "--fuel",
                        "1000",
                        resource("hello.component.wasm"),
                        "/nowhere")
                .contains("fuel"));
        assertTrue(fails(
                        ExitCodes.of(io.tarbox.wasi.RunLimit.OUTPUT),
                        "run",
                        "--max-output",
                        "5",
                        "--dir",
                        "/work::/data",
                        resource("hello.component.wasm"),
                        "/data/x.txt")
                .contains("--max-output"));
    }

    @Test
    void invokeTakesAndPrintsWaveValues() throws IOException {
        String component = resource("wasi-errors.wasm");
        assertEquals("{count: 3, sum: 13, max: 9}\n", cli.ok("run", component, "--invoke", "stats", "[3, 9, 1]"));
        assertEquals("\"hello, wörld\"\n", cli.ok("run", component, "--invoke", "greet", "\"wörld\""));
        assertTrue(fails(ExitCodes.USAGE, "run", component, "--invoke", "stats", "[3, x]")
                .contains("not a WAVE value"));
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", component, "--invoke", "nope")
                .contains("exports no function named 'nope'"));
        assertEquals("0\n", cli.ok("run", "--dir", "/work::/data", component, "--invoke", "mkdir"));
        assertEquals("made\n", cli.ok("ls", "/work"));
        assertEquals(
                "2\n",
                cli.ok("run", "--dir", "/work::/data", component, "--invoke", "closed-stream"),
                "a read at the end of a file gets the stream's closed error");
    }

    @Test
    void errorPathsTrapAndChangeNothingStored() throws IOException {
        String component = resource("wasi-errors.wasm");
        for (String function : List.of("mkdir-oob", "drop-twice", "bad-descriptor", "use-after-drop")) {
            Cli.Result run = cli.run("run", "--dir", "/work::/data", component, "--invoke", function);
            assertEquals(ExitCodes.TRAP, run.code(), function + ": " + run);
            assertTrue(run.err().startsWith("wasm trap: canonical ABI: "), run.err());
        }
        assertTrue(cli.run("run", "--dir", "/work::/data", component, "--invoke", "mkdir-oob")
                .err()
                .contains("out of bounds"));
        assertEquals(
                "empty\n", cli.ok("ls", "/work"), "only use-after-drop's file was made before its trap; no 'made'");
    }

    @Test
    void inspectDescribesAComponent() throws IOException {
        String text = cli.ok("inspect", resource("hello.component.wasm"));
        assertTrue(text.contains("WASI command: yes (exports wasi:cli/run@0.2."), text);
        assertTrue(
                text.contains("  wasi:filesystem/types@0.2.")
                                && text.contains(
                                        "    [method]descriptor.open-at: func(self: borrow<descriptor>, path-flags: path-flags, path: string, "
                                                + "open-flags: open-flags, %flags: descriptor-flags) -> result<own<descriptor>, error-code>")
                        || text.contains(
                                "open-flags: open-flags, flags: descriptor-flags) -> result<own<descriptor>, error-code>"),
                text);
        assertTrue(text.contains("core modules: 4"), text);
        assertTrue(text.contains("imports Tarbox does not provide: none"), text);
        String json = cli.ok("inspect", "--json", resource("imports-sockets.wasm"));
        assertTrue(
                json.startsWith("{\"kind\":\"component\"")
                        && json.contains(
                                "\"unsatisfiedImports\":[\"wasi:sockets/tcp@0.2.0\",\"wasi:sockets/instance-network@0.2.0\"]"),
                json);
    }

    @Test
    void badComponentsAreOneLineAndExitCode6() throws IOException {
        byte[] hello = Files.readAllBytes(Path.of(resource("hello.component.wasm")));
        Path truncated = Files.write(dir.resolve("truncated.wasm"), java.util.Arrays.copyOf(hello, 5000));
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", truncated.toString()).contains("truncated component"));
        byte[] layer2 = hello.clone();
        layer2[6] = 2;
        Path wrongLayer = Files.write(dir.resolve("layer2.wasm"), layer2);
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", wrongLayer.toString()).contains("binary layer 2"));
        byte[] unknown = java.util.Arrays.copyOf(hello, hello.length + 3);
        unknown[hello.length] = 13; // section id 13, 1 byte long
        unknown[hello.length + 1] = 1;
        Path unknownSection = Files.write(dir.resolve("unknown.wasm"), unknown);
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", unknownSection.toString())
                .contains("unknown section id 13"));
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", resource("lift-without-realloc.wasm"))
                .contains("no realloc option is given"));
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", resource("async-lift.wasm"))
                .contains("async option (component-model async, WASI 0.3) is not supported"));
        assertTrue(fails(ExitCodes.INVALID_MODULE, "run", resource("imports-sockets.wasm"))
                .contains("unsatisfied imports: wasi:sockets/tcp@0.2.0, wasi:sockets/instance-network@0.2.0"));
        String wrongType = fails(ExitCodes.INVALID_MODULE, "run", resource("wrong-import-type.wasm"));
        assertTrue(
                wrongType.contains("unsatisfied imports: wasi:cli/environment@0.2.0#get-arguments (the component "
                        + "imports it as func() -> list<u32>, the host declares func() -> list<string>)"),
                wrongType);
        String inspected = cli.ok("inspect", resource("wrong-import-type.wasm"));
        assertTrue(
                inspected.contains("wasi:cli/environment@0.2.0#get-arguments (the component imports it as "
                        + "func() -> list<u32>, the host declares func() -> list<string>)"),
                inspected);
        assertTrue(
                fails(ExitCodes.INVALID_MODULE, "inspect", truncated.toString()).contains("truncated component"));
        assertEquals("", cli.ok("ls", "/work"));
    }
}
