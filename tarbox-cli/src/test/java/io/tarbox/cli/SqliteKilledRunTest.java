package io.tarbox.cli;

/** {@link KilledRunTest} on an embedded SQLite database. */
class SqliteKilledRunTest extends KilledRunTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli's own SQLite file
    }
}
