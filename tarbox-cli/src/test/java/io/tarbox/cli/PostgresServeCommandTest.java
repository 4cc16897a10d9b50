package io.tarbox.cli;

import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

class PostgresServeCommandTest extends ServeCommandTest {
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
