package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void aModuleOfTheTreeRunsOnTheServerAndIsRecorded() throws Exception {
        byte[] wasm;
        try (InputStream in = getClass().getResourceAsStream("/wasm/report.wasm")) {
            wasm = in.readAllBytes();
        }
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
    }
}
