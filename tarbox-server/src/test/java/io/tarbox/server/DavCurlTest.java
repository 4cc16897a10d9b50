package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.model.ApiToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WebDAV and the token rules, driven by the real curl. Subclasses pick the database. */
abstract class DavCurlTest extends ServerTestBase {
    final Curl curl = new Curl();

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private Curl.Response put(String token, String path, String content) throws Exception {
        return curl.run(
                "-H",
                bearer(token),
                "-T",
                file("upload-" + System.nanoTime(), content).toString(),
                base + path);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        Curl.Response r = curl.run(base + "/healthz");
        assertEquals(200, r.status());
        assertEquals("ok\n", r.body());
    }

    @Test
    void authenticationMatrix() throws Exception {
        assertEquals(201, put(aliceWrite, "/dav/alice/a.txt", "alice's").status());
        assertEquals(201, put(bobWrite, "/dav/bob/secret.txt", "bob's secret").status());

        Curl.Response none = curl.run(base + "/dav/alice/a.txt");
        assertEquals(401, none.status());
        assertTrue(
                none.all("WWW-Authenticate").stream().anyMatch(v -> v.startsWith("Basic")),
                none.headers().toString());
        assertTrue(
                none.all("WWW-Authenticate").stream().anyMatch(v -> v.startsWith("Bearer")),
                none.headers().toString());
        assertEquals(
                401,
                curl.run("-H", bearer("tbx_not-a-token"), base + "/dav/alice/a.txt")
                        .status());

        // the right token reads; Basic (its password) works from loopback
        assertEquals(
                "alice's",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/a.txt").body());
        assertEquals(
                "alice's",
                curl.run("-u", "anyone:" + aliceRead, base + "/dav/alice/a.txt").body());

        // another tenant: 404, the same as a tenant that does not exist
        Curl.Response other = curl.run("-H", bearer(aliceWrite), base + "/dav/bob/secret.txt");
        Curl.Response missing = curl.run("-H", bearer(aliceWrite), base + "/dav/nobody/secret.txt");
        assertEquals(404, other.status());
        assertEquals(404, missing.status());
        assertFalse(other.body().contains("bob's secret"));
        assertEquals(
                404,
                curl.run("-H", bearer(aliceWrite), "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/bob/")
                        .status());
        assertEquals(404, put(aliceWrite, "/dav/bob/planted.txt", "x").status());

        // a read token changes nothing
        assertEquals(403, put(aliceRead, "/dav/alice/b.txt", "no").status());
        assertEquals(
                403,
                curl.run("-H", bearer(aliceRead), "-X", "DELETE", base + "/dav/alice/a.txt")
                        .status());
        assertEquals(
                403,
                curl.run("-H", bearer(aliceRead), "-X", "MKCOL", base + "/dav/alice/d")
                        .status());
        assertEquals(
                200,
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/a.txt").status());

        // revoked: refused from the next request on; expired: refused
        String doomed = token("doomed", "alice", ApiToken.Scope.WRITE, null);
        assertEquals(
                200, curl.run("-H", bearer(doomed), base + "/dav/alice/a.txt").status());
        store.revokeToken("doomed");
        assertEquals(
                401, curl.run("-H", bearer(doomed), base + "/dav/alice/a.txt").status());
        String expired = token("expired", "alice", ApiToken.Scope.WRITE, System.currentTimeMillis() * 1_000_000L - 1);
        Curl.Response late = curl.run("-H", bearer(expired), base + "/dav/alice/a.txt");
        assertEquals(401, late.status());
        assertTrue(late.body().contains("expired"), late.body());
    }

    @Test
    void putGetRangesAndConditions() throws Exception {
        assertEquals(201, put(aliceWrite, "/dav/alice/r.txt", "0123456789").status());
        Curl.Response again = put(aliceWrite, "/dav/alice/r.txt", "abcdefghij");
        assertEquals(204, again.status());
        String etag = again.header("ETag");
        assertNotNull(etag);

        Curl.Response range = curl.run("-H", bearer(aliceRead), "-H", "Range: bytes=2-5", base + "/dav/alice/r.txt");
        assertEquals(206, range.status());
        assertEquals("cdef", range.body());
        assertEquals("bytes 2-5/10", range.header("Content-Range"));
        Curl.Response suffix = curl.run("-H", bearer(aliceRead), "-H", "Range: bytes=-3", base + "/dav/alice/r.txt");
        assertEquals("hij", suffix.body());
        Curl.Response beyond = curl.run("-H", bearer(aliceRead), "-H", "Range: bytes=50-60", base + "/dav/alice/r.txt");
        assertEquals(416, beyond.status());
        assertEquals("bytes */10", beyond.header("Content-Range"));

        Curl.Response head = curl.run("-H", bearer(aliceRead), "-I", base + "/dav/alice/r.txt");
        assertEquals(200, head.status());
        assertEquals("10", head.header("Content-Length"));
        assertEquals(etag, head.header("ETag"));

        assertEquals(
                304,
                curl.run("-H", bearer(aliceRead), "-H", "If-None-Match: " + etag, base + "/dav/alice/r.txt")
                        .status());
        Path body = file("next", "next");
        assertEquals(
                412,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-H",
                                "If-Match: \"stale\"",
                                "-T",
                                body.toString(),
                                base + "/dav/alice/r.txt")
                        .status());
        assertEquals(
                412,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-H",
                                "If-None-Match: *",
                                "-T",
                                body.toString(),
                                base + "/dav/alice/r.txt")
                        .status());
        assertEquals(
                204,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-H",
                                "If-Match: " + etag,
                                "-T",
                                body.toString(),
                                base + "/dav/alice/r.txt")
                        .status());
        assertEquals(
                "next",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/r.txt").body());

        // a missing parent is a conflict; a file at a collection's place is not allowed
        assertEquals(409, put(aliceWrite, "/dav/alice/no/such/dir.txt", "x").status());
    }

    @Test
    void propfindDepthsAndMalformedBodies() throws Exception {
        assertEquals(
                201,
                curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/docs")
                        .status());
        put(aliceWrite, "/dav/alice/docs/one.txt", "1");
        put(aliceWrite, "/dav/alice/docs/two%20words.txt", "22");

        Curl.Response d0 =
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 0", base + "/dav/alice/docs/");
        assertEquals(207, d0.status());
        assertEquals(1, count(d0.body(), "<D:response>"), d0.body());

        Curl.Response d1 =
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/alice/docs/");
        assertEquals(207, d1.status());
        assertEquals(3, count(d1.body(), "<D:response>"), d1.body());
        assertTrue(d1.body().contains("<D:href>/dav/alice/docs/two%20words.txt</D:href>"), d1.body());
        assertTrue(d1.body().contains("<D:getcontentlength>2</D:getcontentlength>"), d1.body());

        // dead properties of the collection and of its members, read for the whole listing at once
        for (String[] target :
                List.of(new String[] {"/dav/alice/docs/", "blue"}, new String[] {"/dav/alice/docs/one.txt", "red"})) {
            String patch = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:X=\"urn:x\">"
                    + "<D:set><D:prop><X:color>" + target[1] + "</X:color></D:prop></D:set></D:propertyupdate>";
            assertEquals(
                    207,
                    curl.run("-H", bearer(aliceWrite), "-X", "PROPPATCH", "--data-binary", patch, base + target[0])
                            .status());
        }
        String color = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><X:color xmlns:X=\"urn:x\"/>"
                + "</D:prop></D:propfind>";
        for (String body : List.of(color, "")) { // named, and allprop
            Curl.Response colors = curl.run(
                    "-H",
                    bearer(aliceRead),
                    "-X",
                    "PROPFIND",
                    "-H",
                    "Depth: 1",
                    "--data-binary",
                    body,
                    base + "/dav/alice/docs/");
            assertEquals(207, colors.status());
            Map<String, String> byHref = new HashMap<>();
            for (String r : colors.body().split("<D:response>")) {
                int at = r.indexOf("<D:href>");
                if (at >= 0) {
                    byHref.put(r.substring(at + 8, r.indexOf("</D:href>")), r);
                }
            }
            assertEquals(3, byHref.size(), colors.body());
            assertTrue(byHref.get("/dav/alice/docs/").contains(">blue</"), colors.body());
            assertTrue(byHref.get("/dav/alice/docs/one.txt").contains(">red</"), colors.body());
            String two = byHref.get("/dav/alice/docs/two%20words.txt");
            assertFalse(two.contains(">blue<") || two.contains(">red<"), colors.body());
        }

        Curl.Response infinity =
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: infinity", base + "/dav/alice/");
        assertEquals(403, infinity.status());
        assertTrue(infinity.body().contains("propfind-finite-depth"), infinity.body());

        String prop = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:getcontentlength/>"
                + "<X:nope xmlns:X=\"urn:x\"/></D:prop></D:propfind>";
        Curl.Response named = curl.run(
                "-H",
                bearer(aliceRead),
                "-X",
                "PROPFIND",
                "-H",
                "Depth: 0",
                "--data-binary",
                prop,
                base + "/dav/alice/docs/one.txt");
        assertEquals(207, named.status());
        assertTrue(named.body().contains("HTTP/1.1 404 Not Found"), named.body());
        assertTrue(named.body().contains("<nope xmlns=\"urn:x\"/>"), named.body());

        for (String bad : List.of(
                "<D:propfind xmlns:D=\"DAV:\"><D:prop>",
                "not xml at all",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><D:propfind xmlns:D=\"DAV:\">&e;</D:propfind>")) {
            Curl.Response r = curl.run(
                    "-H",
                    bearer(aliceRead),
                    "-X",
                    "PROPFIND",
                    "-H",
                    "Depth: 0",
                    "--data-binary",
                    bad,
                    base + "/dav/alice/docs/");
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertFalse(r.body().contains("root:"), r.body());
        }
        assertEquals(
                404,
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 0", base + "/dav/alice/none")
                        .status());
    }

    @Test
    void traversalNeverLeavesTheTenant() throws Exception {
        put(bobWrite, "/dav/bob/secret.txt", "bob's secret");
        put(aliceWrite, "/dav/alice/plain.txt", "plain");
        for (String path : List.of(
                "/dav/alice/../bob/secret.txt",
                "/dav/alice/%2e%2e/bob/secret.txt",
                "/dav/alice/%2E%2E/%2E%2E/dav/bob/secret.txt",
                "/dav/alice/..%2fbob%2fsecret.txt",
                "/dav/alice/%2e%2e%2fbob%2fsecret.txt",
                "/dav/alice/plain.txt%00.jpg",
                "/dav/alice/%00",
                "/dav/alice/./../../dav/bob/secret.txt",
                "/dav/alice/%c0%ae%c0%ae/bob/secret.txt",
                "/dav/alice\\..\\bob\\secret.txt",
                "/dav//bob/secret.txt",
                "/snap/bob/x/secret.txt")) {
            Curl.Response r = curl.run("-H", bearer(aliceWrite), base + path);
            assertFalse(r.body().contains("bob's secret"), path + " leaked: " + r.body());
            assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status());
        }
        // and nothing was written outside alice's tree either
        Curl.Response planted = curl.run(
                "-H",
                bearer(aliceWrite),
                "-T",
                file("p", "planted").toString(),
                base + "/dav/alice/%2e%2e/bob/planted.txt");
        assertTrue(planted.status() == 400 || planted.status() == 404, "PUT through .. -> " + planted.status());
        assertEquals(
                404,
                curl.run("-H", bearer(bobWrite), base + "/dav/bob/planted.txt").status());
    }

    @Test
    void copyMoveDeleteAndDestinations() throws Exception {
        put(aliceWrite, "/dav/alice/f.txt", "data");
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/dir");
        put(aliceWrite, "/dav/alice/dir/inner.txt", "inner");

        assertEquals(
                201,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "COPY",
                                "-H",
                                "Destination: " + base + "/dav/alice/g.txt",
                                base + "/dav/alice/f.txt")
                        .status());
        assertEquals(
                412,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "COPY",
                                "-H",
                                "Overwrite: F",
                                "-H",
                                "Destination: " + base + "/dav/alice/g.txt",
                                base + "/dav/alice/f.txt")
                        .status());
        assertEquals(
                201,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "COPY",
                                "-H",
                                "Destination: /dav/alice/dir2/",
                                base + "/dav/alice/dir/")
                        .status());
        assertEquals(
                "inner",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/dir2/inner.txt")
                        .body());
        assertEquals(
                201,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "MOVE",
                                "-H",
                                "Destination: " + base + "/dav/alice/h.txt",
                                base + "/dav/alice/g.txt")
                        .status());
        assertEquals(
                404,
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/g.txt").status());
        assertEquals(
                204,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "MOVE",
                                "-H",
                                "Destination: " + base + "/dav/alice/h.txt",
                                base + "/dav/alice/f.txt")
                        .status());

        // another host, another tenant: refused, nothing moved
        assertEquals(
                502,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "MOVE",
                                "-H",
                                "Destination: http://elsewhere.example/dav/alice/x",
                                base + "/dav/alice/h.txt")
                        .status());
        assertEquals(
                403,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "MOVE",
                                "-H",
                                "Destination: " + base + "/dav/bob/stolen.txt",
                                base + "/dav/alice/h.txt")
                        .status());
        assertEquals(
                400,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-X",
                                "MOVE",
                                "-H",
                                "Destination: " + base + "/dav/alice/../bob/x",
                                base + "/dav/alice/h.txt")
                        .status());
        assertEquals(
                404,
                curl.run("-H", bearer(bobWrite), base + "/dav/bob/stolen.txt").status());
        assertEquals(
                "data",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/h.txt").body());

        assertEquals(
                204,
                curl.run("-H", bearer(aliceWrite), "-X", "DELETE", base + "/dav/alice/dir/")
                        .status());
        assertEquals(
                404,
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/dir/inner.txt")
                        .status());
        assertEquals(
                404,
                curl.run("-H", bearer(aliceWrite), "-X", "DELETE", base + "/dav/alice/dir/")
                        .status());
        assertEquals(
                405,
                curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/dir2")
                        .status());
        assertEquals(
                409,
                curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/a/b")
                        .status());
    }

    @Test
    void modificationTimesFromRcloneHeaderAndProppatch() throws Exception {
        Curl.Response put = curl.run(
                "-H",
                bearer(aliceWrite),
                "-H",
                "X-OC-Mtime: 1000000000",
                "-T",
                file("m", "m").toString(),
                base + "/dav/alice/m.txt");
        assertEquals(201, put.status());
        assertEquals("accepted", put.header("X-OC-Mtime"));
        assertEquals(
                "Sun, 09 Sep 2001 01:46:40 GMT",
                curl.run("-H", bearer(aliceRead), "-I", base + "/dav/alice/m.txt")
                        .header("Last-Modified"));
        String patch = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                + "<D:getlastmodified>Fri, 13 Feb 2009 23:31:30 GMT</D:getlastmodified></D:prop></D:set></D:propertyupdate>";
        Curl.Response r = curl.run(
                "-H", bearer(aliceWrite), "-X", "PROPPATCH", "--data-binary", patch, base + "/dav/alice/m.txt");
        assertEquals(207, r.status());
        assertTrue(r.body().contains("200 OK"), r.body());
        assertEquals(
                "Fri, 13 Feb 2009 23:31:30 GMT",
                curl.run("-H", bearer(aliceRead), "-I", base + "/dav/alice/m.txt")
                        .header("Last-Modified"));
    }

    @Test
    void snapshotsAreReadableAtTheirOwnUrlAndNotWritable() throws Exception {
        put(aliceWrite, "/dav/alice/s.txt", "before");
        Curl.Response taken = curl.run(
                "-H",
                bearer(aliceWrite),
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "{\"name\":\"s1\"}",
                base + "/api/v1/tenants/alice/snapshots");
        assertEquals(201, taken.status(), taken.body());
        put(aliceWrite, "/dav/alice/s.txt", "after");
        assertEquals(
                "before",
                curl.run("-H", bearer(aliceRead), base + "/snap/alice/s1/s.txt").body());
        assertEquals(
                "after",
                curl.run("-H", bearer(aliceRead), base + "/dav/alice/s.txt").body());
        assertEquals(
                403,
                curl.run("-H", bearer(aliceWrite), "-T", file("x", "x").toString(), base + "/snap/alice/s1/s.txt")
                        .status());
        assertEquals(
                403,
                curl.run("-H", bearer(aliceWrite), "-X", "DELETE", base + "/snap/alice/s1/s.txt")
                        .status());
        assertEquals(
                404,
                curl.run("-H", bearer(aliceRead), base + "/snap/alice/nope/s.txt")
                        .status());
        assertEquals(
                404,
                curl.run("-H", bearer(bobWrite), base + "/snap/alice/s1/s.txt").status());
        Curl.Response listing =
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 1", base + "/snap/alice/s1/");
        assertTrue(listing.body().contains("<D:href>/snap/alice/s1/s.txt</D:href>"), listing.body());
    }

    @Test
    void changesAreInTheAuditTrailWithTheTokenName() throws Exception {
        put(aliceWrite, "/dav/alice/audited.txt", "x");
        curl.run("-H", bearer(aliceWrite), "-X", "DELETE", base + "/dav/alice/audited.txt");
        List<AuditEvent> events = store.audit("alice", AuditQuery.all());
        assertTrue(
                events.stream()
                        .anyMatch(e -> e.operation().equals("dav PUT")
                                && "/audited.txt".equals(e.path())
                                && "alice-write".equals(e.token())
                                && e.errno() == 0),
                events.toString());
        assertTrue(
                events.stream().anyMatch(e -> e.operation().equals("dav DELETE") && "alice-write".equals(e.token())),
                events.toString());
        assertTrue(store.audit("bob", AuditQuery.all()).isEmpty());
    }

    @Test
    void browsersGetAListingAndOversizedHeadersAreRefused() throws Exception {
        put(aliceWrite, "/dav/alice/page%20one.txt", "x");
        Curl.Response html = curl.run("-H", bearer(aliceRead), "-H", "Accept: text/html", base + "/dav/alice/");
        assertEquals(200, html.status());
        assertTrue(html.header("Content-Type").startsWith("text/html"), html.header("Content-Type"));
        assertTrue(html.body().contains("<a href=\"/dav/alice/page%20one.txt\">page one.txt</a>"), html.body());
        Curl.Response big =
                curl.run("-H", bearer(aliceRead), "-H", "X-Big: " + "a".repeat(20_000), base + "/dav/alice/");
        assertEquals(431, big.status());
    }

    @Test
    void uploadsLeaveNoPartialFileVisible() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(data);
        Path big = dir.resolve("big.bin");
        Files.write(big, data);
        assertEquals(
                201,
                curl.run(
                                "-H",
                                bearer(aliceWrite),
                                "-H",
                                "Transfer-Encoding: chunked",
                                "-T",
                                big.toString(),
                                base + "/dav/alice/big.bin")
                        .status());
        Curl.Response back = curl.run("-H", bearer(aliceRead), base + "/dav/alice/big.bin");
        assertEquals(
                java.util.HexFormat.of().formatHex(sha256(data)),
                java.util.HexFormat.of().formatHex(sha256(back.bytes())));
        Curl.Response list =
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/alice/");
        assertFalse(list.body().contains(".tarbox-put-"), list.body());
    }

    @Test
    void writersAndAReaderAtOnceLoseNothing() throws Exception {
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/many");
        int writers = 4;
        int files = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < files; i++) {
                        if (put(
                                                aliceWrite,
                                                "/dav/alice/many/w" + writer + "-" + i + ".txt",
                                                "writer " + writer + " file " + i)
                                        .status()
                                == 201) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            java.util.concurrent.Future<Integer> reader = pool.submit(() -> {
                int listings = 0;
                while (writing.get()) {
                    Curl.Response r = curl.run(
                            "-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/alice/many/");
                    assertEquals(207, r.status(), r.body());
                    assertFalse(r.body().contains(".tarbox-put-"), r.body());
                    listings++;
                }
                return listings;
            });
            for (java.util.concurrent.Future<Integer> f : results) {
                assertEquals(files, f.get(300, java.util.concurrent.TimeUnit.SECONDS));
            }
            writing.set(false);
            assertTrue(reader.get(60, java.util.concurrent.TimeUnit.SECONDS) > 0);
        } finally {
            pool.shutdownNow();
        }
        Curl.Response all =
                curl.run("-H", bearer(aliceRead), "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/alice/many/");
        assertEquals(1 + writers * files, count(all.body(), "<D:response>"), all.body());
        for (int w = 0; w < writers; w++) {
            assertEquals(
                    "writer " + w + " file " + (files - 1),
                    curl.run("-H", bearer(aliceRead), base + "/dav/alice/many/w" + w + "-" + (files - 1) + ".txt")
                            .body());
        }
    }

    /**
     * Under a quota, what a client deletes or replaces gives its space back at once: a PUT over a
     * file (written beside it, then renamed over it) and a DELETE free the old content when no
     * download is reading it, not when the tenant's tree closes after ten idle seconds.
     */
    @Test
    void replacedAndDeletedFilesGiveTheirQuotaBack() throws Exception {
        store.setQuota("alice", java.util.OptionalLong.of(5L << 20));
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 3; round++) {
            Curl.Response put =
                    curl.run("-H", bearer(aliceWrite), "-T", twoMiB(random).toString(), base + "/dav/alice/f.bin");
            assertEquals(round == 0 ? 201 : 204, put.status(), "PUT over the file, round " + round + ": " + put.body());
        }
        assertEquals(
                204,
                curl.run("-H", bearer(aliceWrite), "-X", "DELETE", base + "/dav/alice/f.bin")
                        .status());
        for (String name : List.of("g.bin", "h.bin")) {
            Curl.Response put =
                    curl.run("-H", bearer(aliceWrite), "-T", twoMiB(random).toString(), base + "/dav/alice/" + name);
            assertEquals(201, put.status(), name + ": " + put.body());
        }
        assertEquals(
                507,
                curl.run("-H", bearer(aliceWrite), "-T", twoMiB(random).toString(), base + "/dav/alice/i.bin")
                        .status(),
                "the quota still holds");
    }

    @Test
    void anIdleTenantIsLeftToTheCliAfterTenSeconds() throws Exception {
        put(aliceWrite, "/dav/alice/idle.txt", "idle");
        // the server holds alice's tree: taking a snapshot beside it is refused
        try (io.tarbox.core.layer.LayeredFilesystem fs = store.openFilesystem("alice")) {
            io.tarbox.core.fs.FsException busy = org.junit.jupiter.api.Assertions.assertThrows(
                    io.tarbox.core.fs.FsException.class, () -> fs.createSnapshot("beside", null));
            assertEquals(io.tarbox.core.fs.FsError.BUSY, busy.error());
        }
        Thread.sleep(Trees.IDLE_MILLIS + Trees.IDLE_MILLIS / 2 + 1000);
        try (io.tarbox.core.layer.LayeredFilesystem fs = store.openFilesystem("alice")) {
            assertEquals("after", fs.createSnapshot("after", null).name());
        }
        assertEquals(
                "idle",
                curl.run("-H", bearer(aliceRead), base + "/snap/alice/after/idle.txt")
                        .body());
    }

    /**
     * A download that a DELETE overtakes still sends the whole file (the server holds the inode
     * while it sends it in pieces), and the file's space comes back when the download ends.
     */
    @Test
    void aDownloadOvertakenByADeleteSendsTheWholeFileThenItsSpaceComesBack() throws Exception {
        store.setQuota("alice", java.util.OptionalLong.of(40L << 20));
        java.util.Random random = new java.util.Random(5);
        Path original = randomFile(random, 16 << 20); // more than the sockets buffer
        assertEquals(
                201,
                curl.run("-H", bearer(aliceWrite), "-T", original.toString(), base + "/dav/alice/f.bin")
                        .status());
        java.util.concurrent.CompletableFuture<Curl.Response> download =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        // about 4 s: the DELETE comes while the server still reads the file to send it
                        return curl.run("-H", bearer(aliceRead), "--limit-rate", "4M", base + "/dav/alice/f.bin");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(1000);
        assertFalse(download.isDone(), "the download is under way");
        assertEquals(
                204,
                curl.run("-H", bearer(aliceWrite), "-X", "DELETE", base + "/dav/alice/f.bin")
                        .status());
        Curl.Response got = download.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, got.status());
        assertEquals(
                java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(original))),
                java.util.HexFormat.of().formatHex(sha256(got.bytes())),
                "the whole file as it was");
        for (String name : List.of("g.bin", "h.bin")) {
            Curl.Response put = curl.run(
                    "-H",
                    bearer(aliceWrite),
                    "-T",
                    randomFile(random, 16 << 20).toString(),
                    base + "/dav/alice/" + name);
            assertEquals(201, put.status(), name + " (the deleted file's space is back): " + put.body());
        }
    }

    /** A file of 2 MiB of new random bytes (chunks are shared by content: no two alike). */
    private Path twoMiB(java.util.Random random) throws Exception {
        return randomFile(random, 2 << 20);
    }

    private Path randomFile(java.util.Random random, int size) throws Exception {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return Files.write(dir.resolve("two-" + System.nanoTime() + ".bin"), data);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
