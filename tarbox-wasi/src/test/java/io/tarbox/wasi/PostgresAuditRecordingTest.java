package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link AuditRecordingTest} on PostgreSQL (a fresh database per test), where DELETE outside
 * {@code pruneAudit} is refused as well.
 */
class PostgresAuditRecordingTest extends AuditRecordingTest {
    private PostgresTestDatabase database;

    @Override
    SqlStore openStore(Path dir) {
        database = PostgresTestDatabase.create();
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @Override
    SqlStore reopen(Path dir) {
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @Override
    Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl());
    }

    @org.junit.jupiter.api.Test
    void deletingAuditRowsOutsideAPruneIsRefused() throws Exception {
        try (SqlStore store = openStore(temp);
                io.tarbox.core.audit.AuditLog log = store.auditLog(io.tarbox.core.model.Tenant.DEFAULT)) {
            log.record(new io.tarbox.core.audit.AuditEvent(1, 0, null, null, "put", "/x", 1, 0));
            log.flush();
            try (Connection c = connect(temp);
                    java.sql.Statement st = c.createStatement()) {
                org.junit.jupiter.api.Assertions.assertThrows(
                        SQLException.class, () -> st.executeUpdate("DELETE FROM audit_events"));
                org.junit.jupiter.api.Assertions.assertThrows(
                        SQLException.class, () -> st.executeUpdate("TRUNCATE audit_events"));
            }
        }
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
