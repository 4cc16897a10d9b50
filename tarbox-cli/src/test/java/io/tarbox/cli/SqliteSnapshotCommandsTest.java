package io.tarbox.cli;

/** {@link SnapshotCommandsTest} on the default backend, a SQLite file in the test's directory. */
class SqliteSnapshotCommandsTest extends SnapshotCommandsTest {
    @Override
    void useDatabase(Cli cli) {
        // Cli already points TARBOX_DB at a fresh SQLite file
    }
}
