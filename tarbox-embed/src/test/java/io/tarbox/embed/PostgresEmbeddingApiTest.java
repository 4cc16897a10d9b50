package io.tarbox.embed;

import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** {@link EmbeddingApiTest} on PostgreSQL, a fresh database per test. */
class PostgresEmbeddingApiTest extends EmbeddingApiTest {
    private PostgresTestDatabase database;

    @Override
    String location() {
        database = PostgresTestDatabase.create();
        return database.url();
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            tarbox.close();
            tarbox = null;
            database.close();
        }
    }
}
