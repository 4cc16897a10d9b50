package io.tarbox.server;

import io.tarbox.core.model.ApiToken;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;

/**
 * A server in a JVM of its own (for tests that limit its heap or kill it): {@code ServeMain DB SECRET}
 * serves the SQLite file DB, with tenant alice and a write token whose secret is SECRET, prints its
 * URL on one line, and stops when its standard input closes.
 */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) throws Exception {
        try (SqlStore store = SqlStore.openSqlite(Path.of(args[0]))) {
            if (store.findTenant("alice").isEmpty()) {
                store.createTenant("alice");
                store.createToken("alice-write", "alice", ApiToken.Scope.WRITE, null, TokenSecrets.hash(args[1]));
            }
            TarboxServer server = TarboxServer.start(store, ServerOptions.plain("127.0.0.1", 0, null));
            System.out.println(server.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin
            }
            server.stop();
        }
    }
}
