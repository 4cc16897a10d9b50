package io.tarbox.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The prepared statements of one connection, prepared once each and reused. Not thread-safe. */
final class Statements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement st = prepared.get(sql);
        if (st == null) {
            st = connection.prepareStatement(sql);
            prepared.put(sql, st);
        }
        return st;
    }

    /**
     * Sends the rows batched on {@code st} ({@link PreparedStatement#addBatch}), if any: PostgreSQL's
     * driver sends them all before it reads the first answer, one round trip instead of one per
     * row. The batch is empty afterwards, also when it failed.
     */
    static void executeBatch(PreparedStatement st) throws SQLException {
        try {
            st.executeBatch();
        } finally {
            st.clearBatch();
        }
    }

    /** Runs a statement that takes no parameters. */
    void execute(String sql) throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement st : prepared.values()) {
            try {
                st.close();
            } catch (SQLException ignored) {
                // closing anyway; nothing to recover
            }
        }
        prepared.clear();
    }
}
