package io.tarbox.cli;

/** {@link AtomicRunTest} on the default backend, a SQLite file in the test's directory. */
class SqliteAtomicRunTest extends AtomicRunTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli already points TARBOX_DB at a fresh SQLite file
    }
}
