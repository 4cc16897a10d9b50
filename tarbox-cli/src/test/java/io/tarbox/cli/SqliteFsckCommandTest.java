package io.tarbox.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@code tarbox fsck} on an embedded SQLite database. */
class SqliteFsckCommandTest extends FsckCommandTest {
    @Override
    void useDatabase(Cli cli) {
        // the default: a SQLite file in the test's directory
    }

    @Override
    String location() {
        return dir.resolve("tarbox.db").toString();
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tarbox.db"));
    }
}
