package io.tarbox.cli;

import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** {@link KilledRunTest} on PostgreSQL, a fresh database per test. */
class PostgresKilledRunTest extends KilledRunTest {
    private PostgresTestDatabase database;

    @Override
    void useDatabase(Cli cli) {
        database = PostgresTestDatabase.create();
        cli.env.put("TARBOX_DB", database.url());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
