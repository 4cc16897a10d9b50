package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import io.tarbox.storage.testing.PostgresTestRoles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a PostgreSQL database set up with roles ({@code init --create-roles}), running as
 * the application role, as docs/server.md says to: tokens are looked up, trees open behind
 * row-level security, dead properties (their own policy) and audit rows are written.
 */
class PostgresRolesServerTest {
    @TempDir
    Path dir;

    private PostgresTestDatabase database;
    private PostgresTestRoles roles;
    private SqlStore store;
    private TarboxServer server;

    @BeforeEach
    void setUp() throws Exception {
        database = PostgresTestDatabase.create();
        roles = PostgresTestRoles.of(database);
        SqlStore.openPostgresCreatingRoles(database.jdbcUrl(), database.url(), roles.prefix())
                .close();
        store = SqlStore.openPostgres(database.jdbcUrlAs(roles.app()), "as " + roles.app());
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            store.close();
        }
        roles.close();
    }

    @Test
    void asTheApplicationRole() throws Exception {
        store.createTenant("alice");
        store.createTenant("bob");
        String secret = TokenSecrets.generate();
        store.createToken("alice-w", "alice", ApiToken.Scope.WRITE, null, TokenSecrets.hash(secret));
        server = TarboxServer.start(store, ServerOptions.plain("127.0.0.1", 0, null));
        String base = server.url();
        Curl curl = new Curl();
        String auth = "Authorization: Bearer " + secret;
        Path f = Files.writeString(dir.resolve("f"), "content");
        assertEquals(
                201,
                curl.run("-H", auth, "-T", f.toString(), base + "/dav/alice/f.txt")
                        .status());
        assertEquals(
                207,
                curl.run(
                                "-H",
                                auth,
                                "-X",
                                "PROPPATCH",
                                "--data-binary",
                                "<?xml version=\"1.0\"?><D:propertyupdate"
                                        + " xmlns:D=\"DAV:\"><D:set><D:prop><Z:color xmlns:Z=\"urn:z\">red</Z:color></D:prop></D:set></D:propertyupdate>",
                                base + "/dav/alice/f.txt")
                        .status());
        Curl.Response props = curl.run(
                "-H",
                auth,
                "-X",
                "PROPFIND",
                "-H",
                "Depth: 0",
                "--data-binary",
                "<?xml version=\"1.0\"?>"
                        + "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:color xmlns:Z=\"urn:z\"/></D:prop></D:propfind>",
                base + "/dav/alice/f.txt");
        assertTrue(props.body().contains("<color xmlns=\"urn:z\">red</color>"), props.body());
        assertEquals("content", curl.run("-H", auth, base + "/dav/alice/f.txt").body());
        assertEquals(404, curl.run("-H", auth, base + "/dav/bob/").status());
        assertTrue(store.audit("alice", AuditQuery.all()).stream().anyMatch(e -> "alice-w".equals(e.token())));
    }
}
