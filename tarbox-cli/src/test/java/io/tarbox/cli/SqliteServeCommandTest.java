package io.tarbox.cli;

class SqliteServeCommandTest extends ServeCommandTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli's own SQLite file
    }
}
