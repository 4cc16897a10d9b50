package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReaddirCookiesTest} on PostgreSQL, each test in a database of its own (skipped loudly without a server, failed under CI=true). */
class PostgresReaddirCookiesTest extends ReaddirCookiesTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    SqlStore openStore() {
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }
}
