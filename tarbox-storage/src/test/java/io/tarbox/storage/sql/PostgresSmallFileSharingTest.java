package io.tarbox.storage.sql;

import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link SmallFileSharingTest} on PostgreSQL (a fresh database). */
class PostgresSmallFileSharingTest extends SmallFileSharingTest {
    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    String location() {
        return database.url();
    }
}
