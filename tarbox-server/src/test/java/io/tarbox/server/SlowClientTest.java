package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops sending in the middle of a body: after the idle timeout the server closes the
 * connection, and nothing of the upload is visible. (SQLite; the rule is the server's, not the
 * store's.)
 */
class SlowClientTest {
    @TempDir
    java.nio.file.Path dir;

    private SqlStore store;
    private TarboxServer server;
    private String secret;

    @BeforeEach
    void start() throws Exception {
        store = SqlStore.openSqlite(dir.resolve("t.db"));
        store.createTenant("alice");
        secret = TokenSecrets.generate();
        store.createToken("w", "alice", ApiToken.Scope.WRITE, null, TokenSecrets.hash(secret));
        server = TarboxServer.start(store, new ServerOptions("127.0.0.1", 0, null, null, 4, 5, 2, null));
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void aStalledUploadIsCutOffAndLeavesNothing() throws Exception {
        long started = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /dav/alice/stalled.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + secret
                            + "\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]); // then nothing more
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readAllBytes(); // returns when the server closes the connection
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertFalse(text.startsWith("HTTP/1.1 201"), text);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds >= 1.5 && seconds < 25, "closed after the 2 s idle timeout, not " + seconds + " s");
        Curl curl = new Curl();
        String base = server.url();
        assertEquals(
                404,
                curl.run("-H", "Authorization: Bearer " + secret, base + "/dav/alice/stalled.bin")
                        .status());
        Curl.Response listing = curl.run(
                "-H", "Authorization: Bearer " + secret, "-X", "PROPFIND", "-H", "Depth: 1", base + "/dav/alice/");
        assertFalse(listing.body().contains("stalled"), listing.body());
        // and the temporary file was removed, not only hidden (the server's tree is committed on stop)
        server.stop();
        try (io.tarbox.core.fs.FilesystemInterface fs = store.openFilesystem("alice")) {
            assertTrue(io.tarbox.core.path.PartialPuts.find(fs).isEmpty());
        }
    }
}
