package io.tarbox.cli;

import io.tarbox.storage.sql.SqlStore;

/** {@link ConcurrentRunsTest} on a SQLite file in the test's directory. */
class SqliteConcurrentRunsTest extends ConcurrentRunsTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli already points TARBOX_DB at a fresh SQLite file
    }

    @Override
    SqlStore openStore() {
        return SqlStore.openSqlite(cli.db);
    }
}
