package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --trace}, {@code --trace-file}, {@code --trace-format}, {@code --trace-filter}, and {@code plugin run --trace}. */
class TraceCommandTest {
    private static final String WORDCOUNT =
            Path.of("..", "examples", "plugins", "wordcount", "wordcount.wasm").toString();

    @TempDir
    Path dir;

    private String module(String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name + ".wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void traceWritesOneLinePerHostCallToStandardError() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        cli.ok("mkdir", "/work");
        Cli.Result run = cli.run("run", "--trace", "--dir", "/work::/data", module("hello"), "--", "/data/out.txt");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("hello from wasi"), run.toString()); // stdout untouched
        assertTrue(
                run.err().contains("path_open(fd=3, dirflags=SYMLINK_FOLLOW, path=\"out.txt\", oflags=CREAT|TRUNC, "),
                run.err());
        assertTrue(
                run.err().lines().anyMatch(l -> l.startsWith("fd_readdir(fd=") && l.contains(") = SUCCESS bufused=")),
                run.err());
        assertTrue(run.err().lines().allMatch(l -> l.matches("[a-z_]+\\(.*\\) = .* <\\d+\\.\\dus>")), run.err());
    }

    @Test
    void traceFileInJsonWithAFilter() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        cli.ok("mkdir", "/work");
        Path trace = dir.resolve("trace.jsonl");
        Cli.Result run = cli.run(
                "run",
                "--trace-file",
                trace.toString(),
                "--trace-format",
                "json",
                "--trace-filter",
                "path_*",
                "--dir",
                "/work::/data",
                module("hello"),
                "--",
                "/data/out.txt");
        assertEquals(0, run.code(), run.toString());
        assertEquals("", run.err());
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        assertTrue(!lines.isEmpty());
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            JsonNode call = mapper.readTree(line);
            assertTrue(call.get("fn").asText().startsWith("path_"), line);
            assertTrue(call.has("args") && call.has("errno") && call.has("ns"), line);
        }
        JsonNode open = mapper.readTree(lines.get(0));
        assertEquals("out.txt", open.get("args").get("path").asText());
        assertEquals("SUCCESS", open.get("errno").asText());
    }

    @Test
    void aComponentsCallsAreTracedByWitName() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        cli.ok("mkdir", "/work");
        Cli.Result run = cli.run(
                "run",
                "--trace",
                "--trace-filter",
                "*open-at",
                "--dir",
                "/work::/data",
                module("hello.component"),
                "--",
                "/data/out.txt");
        assertEquals(0, run.code(), run.toString());
        assertTrue(
                run.err().startsWith("wasi:filesystem/types#[method]descriptor.open-at(self=descriptor</data>, "),
                run.err());
    }

    @Test
    void badTraceOptionsAreUsageErrors() throws IOException {
        Cli cli = new Cli(dir);
        Cli.Result format = cli.run("run", "--trace", "--trace-format", "xml", module("exit7"));
        assertEquals(ExitCodes.USAGE, format.code(), format.toString());
        assertEquals("tarbox: run: --trace-format: expected text or json, not 'xml'\n", format.err());
        Cli.Result alone = cli.run("run", "--trace-filter", "fd_*", module("exit7"));
        assertEquals(ExitCodes.USAGE, alone.code(), alone.toString());
        assertEquals("tarbox: run: --trace-filter needs --trace or --trace-file\n", alone.err());
        Cli.Result file =
                cli.run("run", "--trace-file", dir.resolve("no/such/dir/t.txt").toString(), module("exit7"));
        assertEquals(ExitCodes.NOT_FOUND, file.code(), file.toString());
    }

    @Test
    void pluginRunTracesItsHostCalls() {
        Cli cli = new Cli(dir);
        Cli.Result run = cli.runWithInput(
                "one two\n".getBytes(StandardCharsets.UTF_8),
                "plugin",
                "run",
                WORDCOUNT,
                "--in",
                "-",
                "--out",
                "-",
                "--trace");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("host_get_config(key=\"format\", out=0x"), run.err());
    }
}
