package io.tarbox.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@link AtomicRunTest} on the default backend, a SQLite file in the test's directory. */
class SqliteAtomicRunTest extends AtomicRunTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli already points TARBOX_DB at a fresh SQLite file
    }

    @Override
    Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + cli.db);
    }
}
