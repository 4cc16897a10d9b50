package io.tarbox.cli;

import io.tarbox.storage.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** {@code tarbox fsck} on PostgreSQL (a fresh database per test). */
class PostgresFsckCommandTest extends FsckCommandTest {
    private PostgresTestDatabase database;

    @Override
    void useDatabase(Cli cli) {
        database = PostgresTestDatabase.create();
        cli.env.put("TARBOX_DB", database.url());
    }

    @Override
    String location() {
        return database.url();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
