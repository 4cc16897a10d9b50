package io.tarbox.server;

import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server over a real database (SQLite file or PostgreSQL database, per subclass) with
 * tenants alice and bob and tokens: alice's write, read and admin tokens, bob's write token.
 */
abstract class ServerTestBase {
    @TempDir
    Path dir;

    SqlStore store;
    TarboxServer server;
    String base;
    String aliceWrite;
    String aliceRead;
    String aliceAdmin;
    String bobWrite;
    private PostgresTestDatabase database;

    /** Whether this suite runs on PostgreSQL. */
    abstract boolean postgres();

    @BeforeEach
    void startServer() throws Exception {
        if (postgres()) {
            database = PostgresTestDatabase.create();
            store = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        } else {
            store = SqlStore.openSqlite(dir.resolve("tarbox.db"));
        }
        store.createTenant("alice");
        store.createTenant("bob");
        aliceWrite = token("alice-write", "alice", ApiToken.Scope.WRITE, null);
        aliceRead = token("alice-read", "alice", ApiToken.Scope.READ, null);
        aliceAdmin = token("alice-admin", "alice", ApiToken.Scope.ADMIN, null);
        bobWrite = token("bob-write", "bob", ApiToken.Scope.WRITE, null);
        server = TarboxServer.start(store, ServerOptions.plain("127.0.0.1", 0, null));
        base = server.url();
    }

    String token(String name, String tenant, ApiToken.Scope scope, Long expiresNanos) {
        String secret = TokenSecrets.generate();
        store.createToken(name, tenant, scope, expiresNanos, TokenSecrets.hash(secret));
        return secret;
    }

    static String bearer(String secret) {
        return "Authorization: Bearer " + secret;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
