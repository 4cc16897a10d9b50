package io.tarbox.storage.sql;

import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ForgetTest} on PostgreSQL (a fresh database). */
class PostgresForgetTest extends ForgetTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    String location() {
        return database.url();
    }
}
