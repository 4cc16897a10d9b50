package io.tarbox.server.client;

import io.tarbox.core.model.ApiToken;
import io.tarbox.core.model.Tenant;
import io.tarbox.server.ServerOptions;
import io.tarbox.server.TarboxServer;
import io.tarbox.server.TokenSecrets;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;

/**
 * A Tarbox server on a real database (a SQLite file, or a PostgreSQL database of its own) with a
 * write token for tenant "default", and remote stores connected to it: remote mode end to end.
 */
final class RemoteFixture implements AutoCloseable {
    final SqlStore store;
    final TarboxServer server;
    final String token;
    private final PostgresTestDatabase database;

    private RemoteFixture(SqlStore store, PostgresTestDatabase database) throws Exception {
        this.store = store;
        this.database = database;
        if (store.findTenant(Tenant.DEFAULT).isEmpty()) {
            store.createTenant(Tenant.DEFAULT);
        }
        this.token = token(Tenant.DEFAULT, ApiToken.Scope.WRITE);
        this.server = TarboxServer.start(store, ServerOptions.plain("127.0.0.1", 0, null));
    }

    static RemoteFixture sqlite(Path dir) throws Exception {
        return new RemoteFixture(SqlStore.openSqlite(dir.resolve("served.db")), null);
    }

    static RemoteFixture postgres() throws Exception {
        PostgresTestDatabase database = PostgresTestDatabase.create();
        return new RemoteFixture(SqlStore.openPostgres(database.jdbcUrl(), database.url()), database);
    }

    static RemoteFixture of(boolean postgres, Path dir) throws Exception {
        return postgres ? postgres() : sqlite(dir);
    }

    /** A new token of {@code tenant} with {@code scope}; its secret. */
    String token(String tenant, ApiToken.Scope scope) {
        String secret = TokenSecrets.generate();
        store.createToken("t" + System.nanoTime(), tenant, scope, null, TokenSecrets.hash(secret));
        return secret;
    }

    /** A client of the server with the write token of tenant "default". */
    RemoteStore connect() {
        return RemoteStore.open(server.url(), token);
    }

    /** Creates {@code tenant}; the secret of a write token of it. */
    String newTenant(String tenant) {
        store.createTenant(tenant);
        return token(tenant, ApiToken.Scope.WRITE);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            store.close();
            if (database != null) {
                database.close();
            }
        }
    }
}
