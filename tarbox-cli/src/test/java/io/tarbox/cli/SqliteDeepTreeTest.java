package io.tarbox.cli;

/** {@link DeepTreeTest} on the default backend, a SQLite file in the test's directory. */
class SqliteDeepTreeTest extends DeepTreeTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli already points TARBOX_DB at a fresh SQLite file
    }
}
