package io.tarbox.cli;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** {@link ConcurrentRunsTest} on PostgreSQL, a fresh database per test. */
class PostgresConcurrentRunsTest extends ConcurrentRunsTest {
    private PostgresTestDatabase database;

    @Override
    void useDatabase(Cli cli) {
        database = PostgresTestDatabase.create();
        cli.env.put("TARBOX_DB", database.url());
    }

    @Override
    SqlStore openStore() {
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
