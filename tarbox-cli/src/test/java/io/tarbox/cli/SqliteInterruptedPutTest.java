package io.tarbox.cli;

/** {@link InterruptedPutTest} on the default backend, a SQLite file in the test's directory. */
class SqliteInterruptedPutTest extends InterruptedPutTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli already points TARBOX_DB at a fresh SQLite file
    }
}
