package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** Each test in a database of its own (skipped loudly without a server, failed under CI=true). */
class PostgresQuotaReuseTest extends QuotaReuseTest {
    private PostgresTestDatabase database;

    @Override
    SqlStore openStore() {
        database = PostgresTestDatabase.create();
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
