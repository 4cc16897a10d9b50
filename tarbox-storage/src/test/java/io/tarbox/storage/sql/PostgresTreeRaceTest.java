package io.tarbox.storage.sql;

import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TreeRaceTest} on PostgreSQL (a fresh database), the backend for sharing a tenant. */
class PostgresTreeRaceTest extends TreeRaceTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    String location() {
        return database.url();
    }
}
