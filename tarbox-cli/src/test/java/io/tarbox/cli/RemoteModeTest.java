package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.model.ApiToken;
import io.tarbox.server.ServerOptions;
import io.tarbox.server.TarboxServer;
import io.tarbox.server.TokenSecrets;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote mode end to end: {@code tarbox --db http://HOST:PORT} with a token, against a real server
 * in front of a real database (per subclass), checked from the database itself ({@code direct}).
 */
abstract class RemoteModeTest {
    @TempDir
    Path dir;

    private PostgresTestDatabase database;
    private SqlStore store;
    private TarboxServer server;
    /** The CLI in remote mode, with a write token of tenant "ci". */
    Cli remote;
    /** The CLI on the server's database itself, tenant "ci". */
    Cli direct;

    abstract boolean postgres();

    @BeforeEach
    void startServer() throws Exception {
        String db;
        if (postgres()) {
            database = PostgresTestDatabase.create();
            db = database.url();
            store = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        } else {
            Path file = dir.resolve("served.db");
            db = file.toString();
            store = SqlStore.openSqlite(file);
        }
        store.createTenant("ci");
        store.createTenant("other");
        server = TarboxServer.start(store, ServerOptions.plain("127.0.0.1", 0, null));
        remote = new Cli(dir.resolve("remote-home"));
        remote.env.put("TARBOX_DB", server.url());
        remote.env.put("TARBOX_API_KEY", token("ci-writer", "ci", ApiToken.Scope.WRITE));
        direct = new Cli(dir.resolve("direct-home"));
        direct.env.put("TARBOX_DB", db);
        direct.env.put("TARBOX_TENANT", "ci");
    }

    String token(String name, String tenant, ApiToken.Scope scope) {
        String secret = TokenSecrets.generate();
        store.createToken(name, tenant, scope, null, TokenSecrets.hash(secret));
        return secret;
    }

    @AfterEach
    void stopServer() {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (store != null) {
                store.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    private Path module(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void fileCommandsWorkOnTheTokensTenantAndLandInTheDatabase() throws Exception {
        remote.ok("mkdir", "-p", "/data/sub");
        assertEquals(
                0,
                remote.runWithInput(bytes("one\n"), "put", "-", "/data/one.txt").code());
        byte[] big = new byte[3_000_000];
        new Random(7).nextBytes(big);
        Path host = Files.write(dir.resolve("big.bin"), big);
        remote.ok("put", host.toString(), "/data/sub/big.bin");
        remote.ok("mv", "/data/one.txt", "/data/sub/first.txt");
        remote.ok("ln", "-s", "sub/first.txt", "/data/link");

        assertEquals(
                "first.txt\nbig.bin\n".lines().sorted().toList(),
                remote.ok("ls", "/data/sub").lines().sorted().toList());
        assertEquals("one\n", remote.ok("cat", "/data/link"));
        Path back = dir.resolve("back.bin");
        remote.ok("get", "/data/sub/big.bin", back.toString());
        assertArrayEquals(big, Files.readAllBytes(back));

        // the same tree, read from the database itself: the token's tenant, not "default"
        assertEquals("one\n", direct.ok("cat", "/data/sub/first.txt"));
        assertEquals(big.length, Files.size(host));
        Path fromDb = dir.resolve("from-db.bin");
        direct.ok("get", "/data/sub/big.bin", fromDb.toString());
        assertArrayEquals(big, Files.readAllBytes(fromDb));
        assertEquals(
                ExitCodes.NOT_FOUND,
                direct.run("--tenant", "default", "ls", "/data").code());

        remote.ok("rm", "-r", "/data/sub");
        assertEquals(ExitCodes.NOT_FOUND, direct.run("ls", "/data/sub").code());

        // every change is in the trail, under the token's name
        List<AuditEvent> rows = store.audit("ci", AuditQuery.all());
        assertTrue(
                rows.stream().anyMatch(e -> e.operation().equals("put") && "ci-writer".equals(e.token())),
                rows.toString());
        assertTrue(
                rows.stream().anyMatch(e -> e.operation().startsWith("rm") && "ci-writer".equals(e.token())),
                rows.toString());
    }

    @Test
    void importAndExportOfDirectoriesAndTarsRoundTrip() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/a/b"));
        Files.writeString(in.resolve("x.txt"), "x\n");
        Files.writeString(dir.resolve("in/a/y.txt"), "why\n");
        Files.write(dir.resolve("in/z.bin"), new byte[70_000]);
        remote.ok("import", dir.resolve("in").toString(), "/imported");
        assertEquals("why\n", direct.ok("cat", "/imported/a/y.txt"));

        Path out = dir.resolve("out");
        remote.ok("export", "/imported", out.toString());
        assertEquals("x\n", Files.readString(out.resolve("a/b/x.txt")));
        assertEquals(70_000, Files.size(out.resolve("z.bin")));

        Path tar = dir.resolve("t.tar");
        remote.ok("export", "/imported", "--tar", tar.toString());
        remote.ok("import", "--tar", tar.toString(), "/again");
        assertEquals("why\n", remote.ok("cat", "/again/a/y.txt"));
    }

    @Test
    void runsKeepTheirFilesAndAreRecordedWithTheirOperations() throws Exception {
        Path notes = Path.of("../examples/notes/notes.wasm"); // the README's example program
        remote.ok("mkdir", "/data");
        remote.ok("run", notes.toString(), "--dir", "/data", "--", "add", "buy milk");
        remote.ok("run", notes.toString(), "--dir", "/data", "--", "add", "call Bob");
        assertEquals("1 buy milk\n2 call Bob\n", remote.ok("run", notes.toString(), "--dir", "/data", "--", "list"));
        assertEquals("buy milk\ncall Bob\n", direct.ok("cat", "/data/notes.txt"));

        String runs = remote.ok("runs");
        assertEquals(
                3,
                runs.lines()
                        .filter(l -> l.contains("notes.wasm") && l.contains("exit 0"))
                        .count(),
                runs);
        assertEquals(runs, direct.ok("runs"), "the server's record is the database's");
        List<AuditEvent> writes = store.audit("ci", new AuditQuery(null, null, "fd_write", null, false, 0));
        assertEquals(2, writes.size(), writes.toString());
        assertTrue(
                writes.stream().allMatch(e -> e.runId() != null && "ci-writer".equals(e.token())), writes.toString());
        assertTrue(remote.ok("audit", "--op", "fd_write").contains("/data/notes.txt"));
    }

    @Test
    void atomicAndEphemeralRunsApplyAllOrNothing() throws Exception {
        Path changes = module("changes.wasm");
        remote.ok("mkdir", "-p", "/work");
        remote.runWithInput(bytes("the original a.txt\n"), "put", "-", "/work/a.txt");
        remote.runWithInput(bytes("the original b.txt\n"), "put", "-", "/work/b.txt");
        remote.runWithInput(bytes("the original c.txt\n"), "put", "-", "/work/c.txt");
        String before = direct.ok("tree", "/work");

        Cli.Result failed =
                remote.run("run", "--atomic", "--dir", "/work::/data", changes.toString(), "--", "fail", "/data");
        assertEquals(1, failed.code(), failed.toString());
        assertEquals(before, direct.ok("tree", "/work"), "an atomic run that fails changes nothing");

        assertEquals(
                0,
                remote.run("run", "--ephemeral", "--dir", "/work::/data", changes.toString(), "--", "ok", "/data")
                        .code());
        assertEquals(before, direct.ok("tree", "/work"), "an ephemeral run changes nothing");

        assertEquals(
                0,
                remote.run("run", "--atomic", "--dir", "/work::/data", changes.toString(), "--", "ok", "/data")
                        .code());
        assertEquals("rewritten by the run\n", direct.ok("cat", "/work/a.txt"));
        assertEquals("made by the run\n", direct.ok("cat", "/work/new/new.txt"));
    }

    @Test
    void snapshotsAreTakenListedAndRestoredThroughTheServer() {
        remote.ok("mkdir", "/d");
        remote.runWithInput(bytes("v1\n"), "put", "-", "/d/f.txt");
        remote.ok("snapshot", "create", "v1", "-m", "first");
        remote.runWithInput(bytes("v2\n"), "put", "-", "/d/f.txt");
        assertTrue(remote.ok("snapshot", "list").startsWith("v1  "), remote.ok("snapshot", "list"));
        assertTrue(remote.ok("snapshot", "diff", "v1", "current").contains("/d/f.txt"));
        remote.ok("snapshot", "restore", "v1", "--discard");
        assertEquals("v1\n", direct.ok("cat", "/d/f.txt"));
        assertEquals("v1\n", remote.ok("cat", "/d/f.txt"));
    }

    @Test
    void aRemoteCommandSeesWhatAnotherProcessCommittedMeanwhile() {
        remote.ok("mkdir", "/d");
        remote.runWithInput(bytes("old\n"), "put", "-", "/d/f.txt");
        assertEquals("old\n", remote.ok("cat", "/d/f.txt")); // the server has the tree open and cached
        assertEquals(
                0, direct.runWithInput(bytes("new\n"), "put", "-", "/d/f.txt").code());
        assertEquals("new\n", remote.ok("cat", "/d/f.txt"));
        assertEquals("f.txt\n", remote.ok("ls", "/d"));
    }

    @Test
    void aReadTokenReadsButChangesNothing() {
        remote.ok("mkdir", "/d");
        remote.env.put("TARBOX_API_KEY", token("ci-reader", "ci", ApiToken.Scope.READ));
        assertEquals("d\n", remote.ok("ls", "/"));
        Cli.Result mkdir = remote.run("mkdir", "/e");
        assertEquals(ExitCodes.FAILED, mkdir.code(), mkdir.toString());
        assertTrue(mkdir.err().contains("permission denied"), mkdir.err());
        assertEquals("d\n", direct.ok("ls", "/"));
    }

    @Test
    void aTokenReachesItsOwnTenantOnly() {
        Cli.Result other = remote.run("--tenant", "other", "ls", "/");
        assertEquals(ExitCodes.NOT_FOUND, other.code(), other.toString());
        Cli.Result unknown = remote.run("--tenant", "nosuch", "ls", "/");
        assertEquals(ExitCodes.NOT_FOUND, unknown.code(), unknown.toString());
        assertEquals(other.err().replace("other", "X"), unknown.err().replace("nosuch", "X"), "the two are alike");
    }

    @Test
    void aBadTokenAMissingOneAndAnUnreachableServerAreOneLineStorageErrors() throws Exception {
        remote.env.put("TARBOX_API_KEY", "tbx_not-a-token");
        assertOneLineError(remote.run("ls", "/"), ExitCodes.STORAGE, "refused the token");

        remote.env.remove("TARBOX_API_KEY");
        assertOneLineError(remote.run("ls", "/"), ExitCodes.STORAGE, "TARBOX_API_KEY");

        Path tokenFile = Files.writeString(dir.resolve("token"), token("from-file", "ci", ApiToken.Scope.READ) + "\n");
        assertEquals("", remote.ok("--token-file", tokenFile.toString(), "ls", "/"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        remote.env.put("TARBOX_DB", "http://127.0.0.1:" + closedPort);
        assertOneLineError(
                remote.run("--token-file", tokenFile.toString(), "ls", "/"), ExitCodes.STORAGE, "cannot reach");
    }

    @Test
    void commandsThatNeedTheDatabaseItselfSaySo() {
        for (String[] command :
                new String[][] {{"fsck"}, {"token", "list"}, {"gc"}, {"audit", "prune", "--before", "30d"}}) {
            Cli.Result result = remote.run(command);
            assertEquals(ExitCodes.UNSUPPORTED, result.code(), String.join(" ", command) + "\n" + result);
            assertTrue(result.err().contains("database itself"), result.err());
            assertFalse(result.err().contains("\tat "), result.err());
        }
    }

    private static void assertOneLineError(Cli.Result result, int code, String needle) {
        assertEquals(code, result.code(), result.toString());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(needle), result.err());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
