package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.audit.RunStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rows of {@code runs} and {@code audit_events} (migrations V4 and V6) of one tenant. */
final class AuditTable {
    private static final String EVENT_COLUMNS =
            "time_ns, layer_id, run_id, module_hash, operation, path, resolved_path, bytes, errno, token";
    /** The operation of the event that records a prune (which no prune removes). */
    static final String PRUNE = "audit prune";
    /** {@code runs.status}: the run has not recorded its end. */
    static final String RUNNING = "running";

    private static final String EXITED = "exited";
    private static final String SIGNAL = "signal";

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
            text.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
            st.setString(p++, e.resolvedPath());
            st.setLong(p++, e.bytes());
            st.setInt(p++, e.errno());
            st.setString(p++, e.token());
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
            // The path as named, or the object it led to (a write through a symlink).
            where.append(" AND (path LIKE ? ESCAPE '\\' OR resolved_path LIKE ? ESCAPE '\\')");
            params.add(like(q.pathGlob()));
            params.add(like(q.pathGlob()));
        }
        String order = q.limit() > 0 ? " ORDER BY id DESC LIMIT " + q.limit() : " ORDER BY id";
        List<AuditEvent> events = new ArrayList<>();
        try (PreparedStatement st =
                sql.connection().prepareStatement("SELECT " + EVENT_COLUMNS + " FROM audit_events" + where + order)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    events.add(new AuditEvent(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getLong(8),
                            rs.getInt(9),
                            rs.getString(10)));
                }
            }
        }
        if (q.limit() > 0) {
            Collections.reverse(events);
        }
        return events;
    }

    /**
     * Deletes the events recorded before {@code beforeNanos} (but never the record of a prune) and
     * the finished runs started before it, and records the prune as an event of its own; call
     * inside a transaction. (On PostgreSQL the function tarbox_prune_audit of migration V6 does the
     * same in the database, as the tables' owner.) Returns how many events went.
     */
    long prune(long beforeNanos, long nowNanos) throws SQLException {
        PreparedStatement st =
                sql.get("DELETE FROM audit_events WHERE tenant_id = ? AND time_ns < ? AND operation <> ?");
        st.setLong(1, tenant);
        st.setLong(2, beforeNanos);
        st.setString(3, PRUNE);
        long removed = st.executeUpdate();
        PreparedStatement runs = sql.get("DELETE FROM runs WHERE tenant_id = ? AND started_ns < ? AND status <> ?");
        runs.setLong(1, tenant);
        runs.setLong(2, beforeNanos);
        runs.setString(3, RUNNING);
        runs.executeUpdate();
        insert(List.of(pruneEvent(beforeNanos, nowNanos, removed)));
        return removed;
    }

    /** The event that records a prune: path "before TIME" (UTC, microseconds), bytes the events removed. */
    static AuditEvent pruneEvent(long beforeNanos, long nowNanos, long removed) {
        java.time.Instant before = java.time.Instant.ofEpochSecond(
                Math.floorDiv(beforeNanos, 1_000_000_000L), Math.floorMod(beforeNanos, 1_000_000_000L));
        return new AuditEvent(nowNanos, 0, null, null, PRUNE, "before " + PRUNE_TIME.format(before), removed, 0);
    }

    private static final java.time.format.DateTimeFormatter PRUNE_TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /** Records that a run started, by the process {@code owner} (host:pid). */
    void insertRun(RunRecord run, String owner) throws SQLException {
        PreparedStatement st = sql.get("INSERT INTO runs (tenant_id, id, module, module_hash, started_ns, duration_ms,"
                + " exit_code, files_changed, status, owner, audited) VALUES (?, ?, ?, ?, ?, -1, NULL, 0, ?, ?, ?)");
        st.setLong(1, tenant);
        st.setString(2, run.id());
        st.setString(3, run.module());
        st.setString(4, run.moduleHash());
        st.setLong(5, run.startNanos());
        st.setString(6, RUNNING);
        st.setString(7, owner);
        st.setInt(8, run.audited() ? 1 : 0);
        st.executeUpdate();
    }

    /**
     * Records how a run ended: its exit code, or the signal that stopped it (with the exit code the
     * process then has, 128 + the signal's number, when known). A run's row is completed once; a
     * second attempt changes nothing and returns false.
     */
    boolean finishRun(String id, long durationMillis, Integer exitCode, String signal, boolean signalled)
            throws SQLException {
        PreparedStatement st = sql.get("UPDATE runs SET duration_ms = ?, exit_code = ?, status = ?, signal = ?,"
                + " files_changed = (SELECT COUNT(DISTINCT COALESCE(resolved_path, path)) FROM audit_events"
                + " WHERE tenant_id = ? AND run_id = ? AND errno = 0)"
                + " WHERE tenant_id = ? AND id = ? AND status = ?");
        st.setLong(1, durationMillis);
        if (exitCode == null) {
            st.setNull(2, Types.INTEGER);
        } else {
            st.setInt(2, exitCode);
        }
        st.setString(3, signalled ? SIGNAL : EXITED);
        st.setString(4, signal);
        st.setLong(5, tenant);
        st.setString(6, id);
        st.setLong(7, tenant);
        st.setString(8, id);
        st.setString(9, RUNNING);
        return st.executeUpdate() == 1;
    }

    /** A row of {@code runs}, with the process that owns a run still recorded as running. */
    record RunRow(RunRecord run, String owner) {}

    /**
     * The tenant's runs, oldest first. A run still recorded as running is returned with status
     * {@link RunStatus#RUNNING} and its files changed so far; whether it still runs is the caller's
     * question ({@link SqlDialect#runIsLive}).
     */
    List<RunRow> runs() throws SQLException {
        PreparedStatement st = sql.get("SELECT r.id, r.module, r.module_hash, r.started_ns, r.duration_ms, r.exit_code,"
                + " CASE WHEN r.status = '" + RUNNING
                + "' THEN (SELECT COUNT(DISTINCT COALESCE(e.resolved_path, e.path))"
                + " FROM audit_events e WHERE e.tenant_id = r.tenant_id AND e.run_id = r.id AND e.errno = 0)"
                + " ELSE r.files_changed END, r.status, r.signal, r.audited, r.owner"
                + " FROM runs r WHERE r.tenant_id = ? ORDER BY r.started_ns, r.id");
        st.setLong(1, tenant);
        List<RunRow> runs = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                int exit = rs.getInt(6);
                Integer exitCode = rs.wasNull() ? null : exit; // wasNull() speaks of the last column read
                RunStatus status = switch (rs.getString(8)) {
                    case RUNNING -> RunStatus.RUNNING;
                    case SIGNAL -> RunStatus.SIGNALLED;
                    default -> RunStatus.EXITED;
                };
                runs.add(new RunRow(
                        new RunRecord(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                exitCode,
                                rs.getLong(7),
                                status,
                                rs.getString(9),
                                rs.getInt(10) == 1),
                        rs.getString(11)));
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
