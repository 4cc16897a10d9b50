package io.tarbox.storage.sql;

import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HoldAloneTest} on PostgreSQL (a fresh database). */
class PostgresHoldAloneTest extends HoldAloneTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    String location() {
        return database.url();
    }
}
