package io.tarbox.storage.sql;

import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

class PostgresLayersTest extends LayersTest {
    private PostgresTestDatabase database;

    @Override
    protected SqlStore openStore() {
        database = PostgresTestDatabase.create();
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @AfterEach
    void dropDatabase() {
        if (store != null) {
            store.close();
            store = null;
        }
        if (database != null) {
            database.close();
        }
    }
}
