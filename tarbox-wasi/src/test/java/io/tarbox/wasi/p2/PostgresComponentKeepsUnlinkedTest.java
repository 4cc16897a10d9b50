package io.tarbox.wasi.p2;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ComponentKeepsUnlinkedTest} on PostgreSQL, in a database of its own (skipped loudly without a server, failed under CI=true). */
class PostgresComponentKeepsUnlinkedTest extends ComponentKeepsUnlinkedTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    SqlStore openStore() {
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }
}
