package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies are streamed: a 1 GiB upload to a server whose heap is 64 MiB comes back with the same
 * SHA-256; a server killed (SIGKILL) in the middle of an upload leaves no partial file, and its tree
 * is consistent when it starts again. SQLite (the server under test runs in a JVM of its own).
 */
class LargeUploadSmallHeapTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final String secret = TokenSecrets.generate();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
    }

    private String start(String heap) throws Exception {
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                ServeMain.class.getName(),
                dir.resolve("big.db").toString(),
                secret);
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        started.add(p);
        String url = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(url != null && url.startsWith("http://"), String.valueOf(url));
        return url;
    }

    /** Writes {@code mib} MiB of random bytes to {@code file}; returns their SHA-256. */
    private static String randomFile(Path file, int mib) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                sha.update(block);
                out.write(block);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aGibibyteThroughA64MibHeapKeepsItsHash() throws Exception {
        String curl = Clients.require("curl");
        Path upload = dir.resolve("upload.bin");
        String expected = randomFile(upload, 1024);
        String url = start("-Xmx64m");
        Clients.Result put = Clients.run(
                List.of(
                        curl,
                        "-s",
                        "-S",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-H",
                        "Authorization: Bearer " + secret,
                        "-T",
                        upload.toString(),
                        url + "/dav/alice/big.bin"),
                java.util.Map.of(),
                900);
        assertEquals("201", put.out(), put.err());
        Files.delete(upload);
        Clients.Result get = Clients.run(
                List.of(
                        "bash",
                        "-c",
                        curl + " -s -S -H 'Authorization: Bearer " + secret + "' " + url
                                + "/dav/alice/big.bin | sha256sum"),
                java.util.Map.of(),
                900);
        assertEquals(expected, get.out().split(" ")[0], get.err());
    }

    @Test
    void aServerKilledMidUploadLeavesNoPartialFile() throws Exception {
        String curl = Clients.require("curl");
        Path upload = dir.resolve("upload.bin");
        randomFile(upload, 200);
        String url = start("-Xmx128m");
        Process client = new ProcessBuilder(
                        curl,
                        "-s",
                        "--limit-rate",
                        "20M",
                        "-H",
                        "Authorization: Bearer " + secret,
                        "-T",
                        upload.toString(),
                        url + "/dav/alice/partial.bin")
                .redirectErrorStream(true)
                .start();
        started.add(client);
        Thread.sleep(3000); // tens of MiB sent, some committed into the temporary file
        Process server = started.get(0);
        server.destroyForcibly(); // SIGKILL
        server.waitFor(30, TimeUnit.SECONDS);
        client.waitFor(30, TimeUnit.SECONDS);

        String again = start("-Xmx128m");
        Curl c = new Curl();
        assertEquals(
                404,
                c.run("-H", "Authorization: Bearer " + secret, again + "/dav/alice/partial.bin")
                        .status());
        Curl.Response listing = c.run(
                "-H", "Authorization: Bearer " + secret, "-X", "PROPFIND", "-H", "Depth: 1", again + "/dav/alice/");
        assertEquals(207, listing.status());
        assertFalse(listing.body().contains("partial.bin"), listing.body());
        started.get(started.size() - 1).getOutputStream().close(); // stop it, then check the tree
        started.get(started.size() - 1).waitFor(30, TimeUnit.SECONDS);
        try (io.tarbox.storage.sql.SqlStore store = io.tarbox.storage.sql.SqlStore.openSqlite(dir.resolve("big.db"))) {
            assertTrue(
                    store.fsck("alice").problems().isEmpty(),
                    store.fsck("alice").toString());
        }
    }
}
