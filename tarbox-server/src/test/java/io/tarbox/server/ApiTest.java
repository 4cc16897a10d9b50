package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JSON API with curl: snapshots, diff, restore, drop, audit, runs, usage, tenants, errors. */
abstract class ApiTest extends ServerTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Curl curl = new Curl();

    private Curl.Response call(String token, String method, String path, String body) throws Exception {
        if (body == null) {
            return curl.run("-H", bearer(token), "-X", method, base + "/api/v1" + path);
        }
        return curl.run(
                "-H",
                bearer(token),
                "-X",
                method,
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                body,
                base + "/api/v1" + path);
    }

    private JsonNode json(Curl.Response r) throws Exception {
        return JSON.readTree(r.bytes());
    }

    private void put(String path, String content) throws Exception {
        Path f = Files.writeString(dir.resolve("f" + System.nanoTime()), content);
        assertTrue(curl.run("-H", bearer(aliceWrite), "-T", f.toString(), base + "/dav/alice" + path)
                        .status()
                < 300);
    }

    private void assertError(Curl.Response r, int status, String code) throws Exception {
        assertEquals(status, r.status(), r.body());
        JsonNode error = json(r).get("error");
        assertEquals(code, error.get("code").asText(), r.body());
        assertEquals(status, error.get("status").asInt());
        assertTrue(error.get("message").asText().length() > 0);
    }

    @Test
    void snapshotLifecycle() throws Exception {
        put("/a.txt", "one");
        Curl.Response created =
                call(aliceWrite, "POST", "/tenants/alice/snapshots", "{\"name\":\"first\",\"message\":\"m\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals("first", json(created).get("name").asText());
        assertError(call(aliceWrite, "POST", "/tenants/alice/snapshots", "{\"name\":\"first\"}"), 409, "exists");
        assertError(call(aliceRead, "POST", "/tenants/alice/snapshots", "{\"name\":\"second\"}"), 403, "forbidden");
        assertError(call(aliceWrite, "POST", "/tenants/alice/snapshots", "{\"name\":"), 400, "bad_request");
        assertError(call(aliceWrite, "POST", "/tenants/alice/snapshots", "{}"), 400, "bad_request");

        put("/a.txt", "two");
        put("/b.txt", "new");
        JsonNode list = json(call(aliceRead, "GET", "/tenants/alice/snapshots", null));
        assertEquals(1, list.size());
        assertEquals(
                "m",
                json(call(aliceRead, "GET", "/tenants/alice/snapshots/first", null))
                        .get("message")
                        .asText());
        assertError(call(aliceRead, "GET", "/tenants/alice/snapshots/none", null), 404, "not_found");

        JsonNode diff = json(call(aliceRead, "GET", "/tenants/alice/snapshots/first/diff", null));
        String kinds = diff.toString();
        assertTrue(kinds.contains("\"kind\":\"added\",\"path\":\"/b.txt\""), kinds);
        assertTrue(kinds.contains("\"kind\":\"modified\",\"path\":\"/a.txt\""), kinds);

        Curl.Response tag = call(aliceWrite, "POST", "/tenants/alice/snapshots/first/tag", "{\"tag\":\"v1\"}");
        assertEquals(201, tag.status(), tag.body());

        Curl.Response restored =
                call(aliceWrite, "POST", "/tenants/alice/snapshots/first/restore", "{\"discard\":true}");
        assertEquals(200, restored.status(), restored.body());
        assertEquals(
                "one",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/a.txt").body());
        assertEquals(
                404,
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/b.txt").status());

        assertEquals(
                204,
                call(aliceWrite, "DELETE", "/tenants/alice/snapshots/v1", null).status());
        assertTrue(json(call(aliceRead, "GET", "/tenants/alice/audit?op=api%20snapshot%20create", null))
                .toString()
                .contains("\"token\":\"alice-write\""));
    }

    @Test
    void auditRunsUsageAndTenants() throws Exception {
        put("/x.txt", "12345");
        JsonNode audit = json(call(aliceRead, "GET", "/tenants/alice/audit?path=/x.txt", null));
        assertEquals(1, audit.size(), audit.toString());
        assertEquals("dav PUT", audit.get(0).get("op").asText());
        assertEquals("alice-write", audit.get(0).get("token").asText());
        assertError(call(aliceRead, "GET", "/tenants/alice/audit?since=yesterday", null), 400, "bad_request");
        assertEquals(
                0, json(call(aliceRead, "GET", "/tenants/alice/runs", null)).size());
        assertTrue(json(call(aliceRead, "GET", "/tenants/alice/usage", null))
                        .get("usedBytes")
                        .asLong()
                >= 5);

        // another tenant's resources: 404, as an unknown tenant's
        assertError(call(aliceAdmin, "GET", "/tenants/bob/audit", null), 404, "not_found");
        assertError(call(aliceRead, "GET", "/tenants/nobody/usage", null), 404, "not_found");

        // tenants: admin scope only
        assertError(call(aliceWrite, "GET", "/tenants", null), 403, "forbidden");
        assertTrue(json(call(aliceAdmin, "GET", "/tenants", null)).toString().contains("\"name\":\"bob\""));
        assertEquals(
                201,
                call(aliceAdmin, "POST", "/tenants", "{\"name\":\"carol\"}").status());
        assertError(call(aliceAdmin, "POST", "/tenants", "{\"name\":\"carol\"}"), 409, "exists");
        assertError(call(aliceAdmin, "POST", "/tenants", "{\"name\":\"no/slash\"}"), 400, "invalid");
        assertEquals(204, call(aliceAdmin, "DELETE", "/tenants/carol", null).status());
        assertError(call(aliceAdmin, "DELETE", "/tenants/alice", null), 409, "conflict");

        assertEquals(
                "alice-read",
                json(call(aliceRead, "GET", "/whoami", null)).get("token").asText());
        assertError(call(aliceRead, "GET", "/nothing/here", null), 404, "not_found");
        assertError(call(aliceRead, "PATCH", "/whoami", null), 405, "method_not_allowed");
        assertError(curl.run(base + "/api/v1/whoami"), 401, "unauthorized");
    }
}
