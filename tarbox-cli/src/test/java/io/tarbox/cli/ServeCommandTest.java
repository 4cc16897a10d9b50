package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox token} and {@code tarbox serve} as a user runs them; on one backend per subclass. */
abstract class ServeCommandTest {
    @TempDir
    Path dir;

    Cli cli;
    private final List<Process> started = new ArrayList<>();

    abstract void useDatabase(Cli cli);

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        useDatabase(cli);
        cli.ok("tenant", "create", "alice");
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
    }

    private static String secret(String createOutput) {
        String[] lines = createOutput.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void tokensAreCreatedListedAndRevokedWithoutShowingSecrets() throws Exception {
        String out =
                cli.ok("token", "create", "--tenant", "alice", "--scope", "write", "--name", "ci", "--expires", "30d");
        String secret = secret(out);
        assertTrue(secret.startsWith("tbx_") && secret.length() > 40, out);
        assertTrue(out.contains("created token 'ci' for tenant 'alice' (scope write, expires "), out);
        String list = cli.ok("token", "list");
        assertTrue(list.startsWith("ci  alice  write  "), list);
        assertTrue(list.strip().endsWith("never  valid"), list);
        assertFalse(list.contains(secret));
        JsonNode json = new ObjectMapper().readTree(cli.ok("token", "list", "--json"));
        assertEquals("ci", json.get(0).get("name").asText());
        assertEquals("valid", json.get(0).get("state").asText());
        assertFalse(json.toString().contains(secret));
        assertTrue(json.get(0).get("expires").asText().startsWith("20"));

        String generated = cli.ok("token", "create", "--tenant", "alice", "--scope", "read");
        assertTrue(generated.startsWith("created token 'alice-read-"), generated);

        assertEquals("revoked token 'ci'\n", cli.ok("token", "revoke", "ci"));
        assertTrue(cli.ok("token", "list").contains("revoked"));
        assertEquals(ExitCodes.NOT_FOUND, cli.run("token", "revoke", "ci").code());
        assertEquals(
                ExitCodes.CONFLICT,
                cli.run("token", "create", "--tenant", "alice", "--scope", "read", "--name", "ci")
                        .code());
        Cli.Result badScope = cli.run("token", "create", "--tenant", "alice", "--scope", "root");
        assertEquals(ExitCodes.USAGE, badScope.code());
        assertTrue(
                badScope.err().startsWith("tarbox: invalid --scope 'root'")
                        || badScope.err().contains("invalid --scope 'root'"),
                badScope.err());
        assertEquals(
                ExitCodes.USAGE,
                cli.run("token", "create", "--tenant", "alice", "--scope", "read", "--expires", "soon")
                        .code());
        assertEquals(
                ExitCodes.NOT_FOUND,
                cli.run("token", "create", "--tenant", "nobody", "--scope", "read")
                        .code());
        // recorded as other tenant-level commands are: in the trail of the --tenant the command ran with
        assertTrue(
                cli.ok("audit", "--tenant", "alice").contains("cli  token create  ci  0  ok"),
                cli.ok("audit", "--tenant", "alice"));
        assertTrue(cli.ok("audit").contains("cli  token revoke  ci  0  ok"), cli.ok("audit"));
    }

    private Process serve(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--listen",
                "127.0.0.1:0"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(cli.env);
        builder.redirectError(dir.resolve("serve.err").toFile());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static String url(Process process) throws Exception {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        assertTrue(
                line != null && line.startsWith("tarbox serve: listening on http://127.0.0.1:"), String.valueOf(line));
        return line.substring("tarbox serve: listening on ".length(), line.indexOf(" (database"));
    }

    @Test
    void sigtermLetsTheUploadInFlightFinishThenExitsZero() throws Exception {
        String secret = secret(cli.ok("token", "create", "--tenant", "alice", "--scope", "write"));
        Process server = serve();
        String url = url(server);
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(
                200,
                http.send(
                                HttpRequest.newBuilder(URI.create(url + "/healthz"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());

        // a slow upload: 20 pieces, 100 ms apart; SIGTERM arrives while it is being sent
        int pieces = 20;
        HttpRequest.BodyPublisher slow = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
            int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent == pieces) {
                    return -1;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return -1;
                }
                byte[] piece = ("piece " + (sent++) + "\n").getBytes(StandardCharsets.UTF_8);
                System.arraycopy(piece, 0, b, off, piece.length);
                return piece.length;
            }
        });
        CompletableFuture<HttpResponse<String>> upload = http.sendAsync(
                HttpRequest.newBuilder(URI.create(url + "/dav/alice/slow.txt"))
                        .header("Authorization", "Bearer " + secret)
                        .PUT(slow)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(600);
        server.destroy(); // SIGTERM
        assertEquals(201, upload.get(30, TimeUnit.SECONDS).statusCode());
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stops");
        assertEquals(0, server.exitValue(), Files.readString(dir.resolve("serve.err")));
        assertTrue(Files.readString(dir.resolve("serve.err")).contains("tarbox serve: stopped"));
        String content = cli.ok("cat", "--tenant", "alice", "/slow.txt");
        assertTrue(content.startsWith("piece 0\n") && content.endsWith("piece 19\n"), content);
        String log = Files.readString(dir.resolve("serve.err"));
        assertTrue(log.contains(" PUT /dav/alice/slow.txt 201 "), log);
    }

    @Test
    void badListenAddressesAndBusyPortsAreOneLineErrors() throws Exception {
        Cli.Result bad = cli.run("serve", "--listen", "nowhere");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.toString());
        assertEquals(1, bad.err().strip().split("\n").length, bad.err());
        assertEquals(
                ExitCodes.USAGE, cli.run("serve", "--listen", "127.0.0.1:99999").code());
        assertEquals(
                ExitCodes.USAGE,
                cli.run("serve", "--listen", "127.0.0.1:0", "--tls-cert", "/nonexistent")
                        .code());
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result busy = cli.run("serve", "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(ExitCodes.FAILED, busy.code(), busy.toString());
            assertTrue(
                    busy.err()
                            .contains(
                                    "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use"),
                    busy.err());
            assertEquals(1, busy.err().strip().split("\n").length, busy.err());
        }
    }
}
