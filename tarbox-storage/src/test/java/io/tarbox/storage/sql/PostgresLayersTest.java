package io.tarbox.storage.sql;

import io.tarbox.storage.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

class PostgresLayersTest extends LayersTest {
    private PostgresTestDatabase database;

    @Override
    protected SqlStore openStore() {
        database = PostgresTestDatabase.create();
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl());
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
