package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@link AuditRecordingTest} on an embedded SQLite database. */
class SqliteAuditRecordingTest extends AuditRecordingTest {
    @Override
    SqlStore openStore(Path dir) {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }

    @Override
    SqlStore reopen(Path dir) {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }

    @Override
    Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tarbox.db"));
    }
}
