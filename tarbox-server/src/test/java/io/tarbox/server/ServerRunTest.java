package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.wasi.RunOutcome;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Running a module of the tree on the server (POST /api/v1/tenants/T/runs), with curl. */
abstract class ServerRunTest extends ServerTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Curl curl = new Curl();

    private void upload(String path, byte[] content) throws Exception {
        Path f = dir.resolve("u" + System.nanoTime());
        Files.write(f, content);
        assertTrue(curl.run("-H", bearer(aliceWrite), "-T", f.toString(), base + "/dav/alice" + path)
                        .status()
                < 300);
    }

    private Curl.Response run(String token, String body) throws Exception {
        return curl.run(
                "-H",
                bearer(token),
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                body,
                base + "/api/v1/tenants/alice/runs");
    }

    /** The fields openapi.json gives {@code schema}, to hold the document to what the server sends. */
    private static Set<String> documented(String schema) throws Exception {
        Set<String> names = new TreeSet<>();
        JSON.readTree(ApiHandler.openApi())
                .get("components")
                .get("schemas")
                .get(schema)
                .get("properties")
                .fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private byte[] program(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aModuleOfTheTreeRunsOnTheServerAndIsRecorded() throws Exception {
        byte[] wasm = program("report.wasm");
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/bin");
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/work");
        upload("/bin/report.wasm", wasm);
        upload("/work/in.txt", "from the tree\n".getBytes());

        Curl.Response r = run(
                aliceWrite,
                "{\"module\":\"/bin/report.wasm\",\"args\":[\"first\",\"two words\"],"
                        + "\"env\":[\"GREETING=hi\"],\"dirs\":[\"/work::/data\"],\"stdin\":\"piped\\n\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode result = JSON.readTree(r.bytes());
        assertEquals(3, result.get("exitCode").asInt(), r.body());
        assertEquals("exited", result.get("outcome").asText());
        assertEquals(documented("RunResult"), fields(result));
        assertEquals(
                "arg 1: first\narg 2: two words\nin.txt: from the tree\n",
                result.get("stdout").asText());
        assertEquals("greeting: hi\nstdin: piped\n", result.get("stderr").asText());
        assertEquals(
                "first\n",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/work/out.txt")
                        .body());

        String id = result.get("run").asText();
        JsonNode runs = JSON.readTree(curl.run("-H", bearer(aliceRead), base + "/api/v1/tenants/alice/runs")
                .bytes());
        assertEquals(id, runs.get(0).get("id").asText());
        assertEquals(3, runs.get(0).get("exitCode").asInt());
        List<AuditEvent> events = store.audit("alice", new AuditQuery(id, null, null, null, false, 0));
        assertTrue(
                events.stream().anyMatch(e -> e.operation().equals("path_open") && "/data/out.txt".equals(e.path())),
                events.toString());
        assertTrue(store.audit("alice", AuditQuery.all()).stream()
                .anyMatch(e -> e.operation().equals("api run") && "alice-write".equals(e.token())));

        // a read token runs nothing; bad requests are one-line errors
        assertEquals(403, run(aliceRead, "{\"module\":\"/bin/report.wasm\"}").status());
        assertEquals(404, run(aliceWrite, "{\"module\":\"/bin/none.wasm\"}").status());
        Curl.Response notWasm = run(aliceWrite, "{\"module\":\"/work/in.txt\"}");
        assertEquals(400, notWasm.status());
        assertEquals(
                "invalid_module",
                JSON.readTree(notWasm.bytes()).get("error").get("code").asText());
        assertEquals(
                400,
                run(aliceWrite, "{\"module\":\"/bin/report.wasm\",\"timeoutMs\":-1}")
                        .status());
        assertEquals(400, run(aliceWrite, "{\"args\":[]}").status());
        assertEquals(
                400,
                run(aliceWrite, "{\"module\":\"/bin/report.wasm\",\"terminal\":\"yes\"}")
                        .status());
    }

    /**
     * With {@code Accept: application/x-ndjson} the output comes as the program writes it: the
     * program waits for a file that the test creates only once it has read the first line.
     */
    @Test
    void outputIsStreamedWhileTheProgramRuns() throws Exception {
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/bin");
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/work");
        upload("/bin/stream.wasm", program("stream.wasm"));

        Process p = streamedRun(
                "{\"module\":\"/bin/stream.wasm\",\"dirs\":[\"/work::/data\"]}",
                ProcessBuilder.Redirect.INHERIT,
                "-D",
                dir.resolve("stream.h").toString());
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode first = JSON.readTree(out.readLine());
            assertEquals("stdout", first.get("stream").asText(), first.toString());
            assertEquals("started\n", first.get("data").asText());
            upload("/work/go", "now\n".getBytes(StandardCharsets.UTF_8)); // the program ends only after this
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(JSON.readTree(line));
            }
        } finally {
            p.destroy();
        }
        assertEquals(0, p.waitFor());
        assertTrue(Files.readString(dir.resolve("stream.h"))
                .toLowerCase(Locale.ROOT)
                .contains("content-type: application/x-ndjson"));
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(
                "{\"stream\":\"stderr\",\"data\":\"waiting for /data/go\\n\"}",
                lines.get(0).toString());
        assertEquals(
                "{\"stream\":\"stdout\",\"data\":\"go: now\\n\"}", lines.get(1).toString());
        JsonNode end = lines.get(2);
        assertEquals(0, end.get("exitCode").asInt(), end.toString());
        assertEquals("exited", end.get("outcome").asText());
        assertEquals(documented("RunEnd"), fields(end));
        assertEquals(documented("RunOutput"), fields(lines.get(0)));
        JsonNode runs = JSON.readTree(curl.run("-H", bearer(aliceRead), base + "/api/v1/tenants/alice/runs")
                .bytes());
        assertEquals(end.get("run").asText(), runs.get(0).get("id").asText());

        // refused before the program wrote anything: the error's status and shape, as without streaming
        Curl.Response missing = curl.run(
                "-H",
                bearer(aliceWrite),
                "-H",
                "Accept: application/x-ndjson",
                "--data-binary",
                "{\"module\":\"/bin/none.wasm\"}",
                base + "/api/v1/tenants/alice/runs");
        assertEquals(404, missing.status());
        assertEquals(
                "not_found",
                JSON.readTree(missing.bytes()).get("error").get("code").asText());
    }

    /**
     * With {@code "terminal": true} the guest's C library line-buffers stdout, so each line comes as
     * it is printed; and a client that stops reading stops the run: its next writes fail, and it is
     * interrupted.
     */
    @Test
    void aTerminalRunStreamsLineByLineAndStopsWhenItsClientGoesAway() throws Exception {
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/bin");
        upload("/bin/chatter.wasm", program("chatter.wasm"));
        Process p =
                streamedRun("{\"module\":\"/bin/chatter.wasm\",\"terminal\":true}", ProcessBuilder.Redirect.DISCARD);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 3; i++) {
                assertEquals("{\"stream\":\"stdout\",\"data\":\"tick " + i + "\\n\"}", out.readLine());
            }
        }
        p.destroy(); // curl closes the connection
        p.waitFor();

        // the run's row, once it has ended (left alone, the program would end after a minute, exit 1)
        JsonNode run = null;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; ) {
            run = JSON.readTree(curl.run("-H", bearer(aliceRead), base + "/api/v1/tenants/alice/runs")
                            .bytes())
                    .get(0);
            if (!run.get("status").asText().equals("running")) {
                break;
            }
            Thread.sleep(50); // polling the row: nothing to wait on
        }
        assertEquals(RunOutcome.INTERRUPTED_EXIT_CODE, run.get("exitCode").asInt(), run.toString());
    }

    /** The output limit holds when streaming: the run stops at it, and the last line says so. */
    @Test
    void aStreamedRunStopsAtTheOutputLimit() throws Exception {
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/bin");
        upload("/bin/report.wasm", program("report.wasm"));
        Curl.Response r = curl.run(
                "-H",
                bearer(aliceWrite),
                "-H",
                "Accept: application/json;q=0.5, application/x-ndjson",
                "--data-binary",
                "{\"module\":\"/bin/report.wasm\",\"args\":[\"0123456789\"],\"maxOutputBytes\":8}",
                base + "/api/v1/tenants/alice/runs");
        assertEquals(200, r.status(), r.body());
        String[] lines = r.body().split("\n");
        assertEquals("{\"stream\":\"stdout\",\"data\":\"arg 1: 0\"}", lines[0], r.body()); // cut at 8 bytes
        JsonNode end = JSON.readTree(lines[lines.length - 1]);
        assertEquals("limitreached", end.get("outcome").asText(), r.body());
        assertEquals("output", end.get("limit").asText());

        // x-ndjson refused (q=0): the whole result in one object, as without the header
        Curl.Response whole = curl.run(
                "-H",
                bearer(aliceWrite),
                "-H",
                "Accept: application/x-ndjson;q=0, application/json",
                "--data-binary",
                "{\"module\":\"/bin/report.wasm\",\"args\":[\"0123456789\"],\"maxOutputBytes\":8}",
                base + "/api/v1/tenants/alice/runs");
        assertEquals("application/json", whole.header("content-type"));
        assertEquals("arg 1: 0", JSON.readTree(whole.bytes()).get("stdout").asText(), whole.body());
    }

    /**
     * {@code curl -N} asking alice's run endpoint for the streamed output (JSON lines) of a run of
     * {@code body}; {@code curlOptions} go before the URL.
     */
    private Process streamedRun(String body, ProcessBuilder.Redirect stderr, String... curlOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Clients.require("curl"),
                "-sS",
                "-N",
                "-H",
                bearer(aliceWrite),
                "-H",
                "Accept: application/x-ndjson",
                "--data-binary",
                body));
        command.addAll(List.of(curlOptions));
        command.add(base + "/api/v1/tenants/alice/runs");
        return new ProcessBuilder(command).redirectError(stderr).start();
    }
}
