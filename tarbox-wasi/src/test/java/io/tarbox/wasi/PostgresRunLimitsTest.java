package io.tarbox.wasi;

import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The run limits over PostgreSQL (a fresh database per test; skipped, or failed under CI, without a server). */
class PostgresRunLimitsTest extends RunLimitsTest {
    private PostgresTestDatabase database;

    @BeforeEach
    @Override
    void openTree() {
        database = PostgresTestDatabase.create();
        super.openTree();
    }

    @AfterEach
    @Override
    void closeTree() {
        super.closeTree();
        database.close();
    }

    @Override
    String database() {
        return database.url();
    }
}
