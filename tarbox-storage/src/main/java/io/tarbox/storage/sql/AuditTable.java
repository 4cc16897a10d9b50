package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.RunRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rows of {@code runs} and {@code audit_events} (migration V4) of one tenant. */
final class AuditTable {
    private static final String EVENT_COLUMNS = "time_ns, layer_id, run_id, module_hash, operation, path, bytes, errno";

    private final Statements sql;
    private final long tenant;

    AuditTable(Statements sql, long tenant) {
        this.sql = sql;
        this.tenant = tenant;
    }

    /** Rows per INSERT statement: one multi-row statement costs far less than as many single rows. */
    private static final int ROWS_PER_INSERT = 200;

    /** Inserts events, {@link #ROWS_PER_INSERT} rows per statement; call inside a transaction. */
    void insert(List<AuditEvent> events) throws SQLException {
        int full = events.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        for (int from = 0; from < full; from += ROWS_PER_INSERT) {
            bindRows(sql.get(insertText(ROWS_PER_INSERT)), events.subList(from, from + ROWS_PER_INSERT));
        }
        if (full < events.size()) {
            List<AuditEvent> rest = events.subList(full, events.size());
            try (PreparedStatement st = sql.connection().prepareStatement(insertText(rest.size()))) {
                bindRows(st, rest);
            }
        }
    }

    private static String insertText(int rows) {
        StringBuilder text = new StringBuilder("INSERT INTO audit_events (tenant_id, " + EVENT_COLUMNS + ") VALUES ");
        for (int i = 0; i < rows; i++) {
            text.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return text.toString();
    }

    private void bindRows(PreparedStatement st, List<AuditEvent> rows) throws SQLException {
        int p = 1;
        for (AuditEvent e : rows) {
            st.setLong(p++, tenant);
            st.setLong(p++, e.timeNanos());
            st.setLong(p++, e.layer());
            st.setString(p++, e.runId());
            st.setString(p++, e.moduleHash());
            st.setString(p++, e.operation());
            st.setString(p++, e.path());
            st.setLong(p++, e.bytes());
            st.setInt(p++, e.errno());
        }
        st.executeUpdate();
    }

    List<AuditEvent> select(AuditQuery q) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant);
        if (q.runId() != null) {
            where.append(" AND run_id = ?");
            params.add(q.runId());
        }
        if (q.operation() != null) {
            where.append(" AND operation = ?");
            params.add(q.operation());
        }
        if (q.sinceNanos() != null) {
            where.append(" AND time_ns >= ?");
            params.add(q.sinceNanos());
        }
        if (q.failedOnly()) {
            where.append(" AND errno <> 0");
        }
        if (q.pathGlob() != null) {
            where.append(" AND path LIKE ? ESCAPE '\\'");
            params.add(like(q.pathGlob()));
        }
        String order = q.limit() > 0 ? " ORDER BY id DESC LIMIT " + q.limit() : " ORDER BY id";
        List<AuditEvent> events = new ArrayList<>();
        try (PreparedStatement st = sql.connection().prepareStatement(
                "SELECT " + EVENT_COLUMNS + " FROM audit_events" + where + order)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    events.add(new AuditEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8)));
                }
            }
        }
        if (q.limit() > 0) {
            Collections.reverse(events);
        }
        return events;
    }

    /** Deletes events older than {@code beforeNanos}, and finished runs started before it. */
    long prune(long beforeNanos) throws SQLException {
        PreparedStatement st = sql.get("DELETE FROM audit_events WHERE tenant_id = ? AND time_ns < ?");
        st.setLong(1, tenant);
        st.setLong(2, beforeNanos);
        long removed = st.executeUpdate();
        PreparedStatement runs = sql.get("DELETE FROM runs WHERE tenant_id = ? AND started_ns < ?"
                + " AND exit_code IS NOT NULL");
        runs.setLong(1, tenant);
        runs.setLong(2, beforeNanos);
        runs.executeUpdate();
        return removed;
    }

    void insertRun(RunRecord run) throws SQLException {
        PreparedStatement st = sql.get("INSERT INTO runs (tenant_id, id, module, module_hash, started_ns, duration_ms,"
                + " exit_code, files_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        st.setLong(1, tenant);
        st.setString(2, run.id());
        st.setString(3, run.module());
        st.setString(4, run.moduleHash());
        st.setLong(5, run.startNanos());
        st.setLong(6, run.durationMillis());
        if (run.exitCode() == null) {
            st.setNull(7, Types.INTEGER);
        } else {
            st.setInt(7, run.exitCode());
        }
        st.setLong(8, run.filesChanged());
        st.executeUpdate();
    }

    void finishRun(String id, long durationMillis, int exitCode) throws SQLException {
        PreparedStatement st = sql.get("UPDATE runs SET duration_ms = ?, exit_code = ?, files_changed ="
                + " (SELECT COUNT(DISTINCT path) FROM audit_events WHERE tenant_id = ? AND run_id = ? AND errno = 0)"
                + " WHERE tenant_id = ? AND id = ?");
        st.setLong(1, durationMillis);
        st.setInt(2, exitCode);
        st.setLong(3, tenant);
        st.setString(4, id);
        st.setLong(5, tenant);
        st.setString(6, id);
        st.executeUpdate();
    }

    List<RunRecord> runs() throws SQLException {
        PreparedStatement st = sql.get("SELECT id, module, module_hash, started_ns, duration_ms, exit_code,"
                + " files_changed FROM runs WHERE tenant_id = ? ORDER BY started_ns, id");
        st.setLong(1, tenant);
        List<RunRecord> runs = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                int exit = rs.getInt(6);
                runs.add(new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.wasNull() ? null : exit, rs.getLong(7)));
            }
        }
        return runs;
    }

    /** A glob ('*', '?') as a LIKE pattern with '\' escaping LIKE's own wildcards. */
    static String like(String glob) {
        StringBuilder out = new StringBuilder(glob.length() + 8);
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> out.append('%');
                case '?' -> out.append('_');
                case '%', '_', '\\' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void bind(PreparedStatement st, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                st.setLong(i + 1, l);
            } else {
                st.setString(i + 1, (String) p);
            }
        }
    }
}
