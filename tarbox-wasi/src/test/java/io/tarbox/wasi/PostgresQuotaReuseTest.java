package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QuotaReuseTest} on PostgreSQL, each test in a database of its own (skipped loudly without a server, failed under CI=true). */
class PostgresQuotaReuseTest extends QuotaReuseTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    SqlStore openStore() {
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }
}
