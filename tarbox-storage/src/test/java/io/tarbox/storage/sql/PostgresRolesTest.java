package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestDatabase;
import io.tarbox.storage.testing.PostgresTestRoles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL database set up with Tarbox's roles ({@link SqlStore#openPostgresCreatingRoles}),
 * tried from the inside: as the role Tarbox runs as, the audit trail cannot be changed or removed
 * by any statement; a per-tenant role reaches its tenant only, by the store's API or by raw SQL.
 * Every test connects as ordinary roles made for it (superusers bypass row-level security).
 */
class PostgresRolesTest {
    private PostgresTestDatabase database;
    private PostgresTestRoles roles;

    @BeforeEach
    void setUp() {
        database = PostgresTestDatabase.create();
        roles = PostgresTestRoles.of(database);
        SqlStore.openPostgresCreatingRoles(database.jdbcUrl(), database.url(), roles.prefix())
                .close();
    }

    @AfterEach
    void tearDown() {
        roles.close();
    }

    private SqlStore as(String role) {
        return SqlStore.openPostgres(database.jdbcUrlAs(role), "as " + role);
    }

    /** Leaves events (one a prune's) and a finished run in the default tenant's trail, as the app role. */
    private void someTrail(SqlStore app) {
        app.startRun(Tenant.DEFAULT, RunRecord.started("r1", "m.wasm", "h", 1, true));
        try (LayeredFilesystem fs = app.openFilesystem(Tenant.DEFAULT)) {
            AuditLog log = app.auditLog(fs);
            log.atomically(() -> {
                fs.mkdir(fs.rootIno(), "d", 0755);
                log.record(new AuditEvent(2, 0, "r1", "h", "path_create_directory", "/d", 0, 0));
                return null;
            });
            log.close();
        }
        app.finishRun(Tenant.DEFAULT, "r1", 5, 0);
    }

    @Test
    void theAppRoleCannotChangeOrRemoveTheAuditTrailByAnyStatement() throws Exception {
        long tenant;
        try (SqlStore app = as(roles.app())) {
            someTrail(app);
            tenant = app.findTenant(Tenant.DEFAULT).orElseThrow().id();
            assertEquals(
                    FsError.NOT_PERMITTED,
                    assertThrows(FsException.class, () -> app.pruneAudit(Tenant.DEFAULT, 3, true))
                            .error());
            assertEquals(
                    FsError.NOT_PERMITTED,
                    assertThrows(FsException.class, () -> app.setSetting(Settings.REQUIRE_AUDIT, "off"))
                            .error());
        }
        long events = count("audit_events");
        try (Connection c = DriverManager.getConnection(database.jdbcUrlAs(roles.app()));
                Statement st = c.createStatement()) {
            st.execute("SELECT set_config('tarbox.tenant_id', '" + tenant + "', false)");
            assertEquals(events, count(st, "SELECT count(*) FROM audit_events"), "the app role reads the trail");
            for (String attempt : List.of(
                    "DELETE FROM audit_events",
                    "UPDATE audit_events SET errno = 0",
                    "TRUNCATE audit_events",
                    "DELETE FROM runs",
                    "UPDATE runs SET exit_code = 1",
                    "TRUNCATE runs",
                    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
                    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
                    "ALTER TABLE runs DISABLE TRIGGER runs_append_only",
                    "ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY",
                    "ALTER TABLE audit_events DROP COLUMN path",
                    "DROP POLICY tenant_wall ON audit_events",
                    "DROP TABLE audit_events",
                    "CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger AS $$ BEGIN RETURN OLD; END $$"
                            + " LANGUAGE plpgsql",
                    "SELECT tarbox_prune_audit(9223372036854775807, true)",
                    "UPDATE settings SET value = '0'",
                    "INSERT INTO tenant_roles VALUES ('anyone', 1)",
                    "SET ROLE " + roles.owner(),
                    "SET ROLE " + roles.admin())) {
                assertRefused(st, attempt);
            }
            c.setAutoCommit(false);
            st.execute("SET LOCAL tarbox.audit_prune = 'on'");
            assertRefused(st, "DELETE FROM audit_events");
            c.rollback();
            st.execute("SET LOCAL tarbox.audit_prune = 'on'");
            assertRefused(st, "DELETE FROM runs");
            c.rollback();
        }
        assertEquals(events, count("audit_events"), "not a row of the trail went");
        assertEquals(1, count("runs"));
    }

    @Test
    void theAdminRolePrunesThroughTheFunctionOnlyAndThePruneIsRecorded() throws Exception {
        try (SqlStore app = as(roles.app())) {
            someTrail(app);
        }
        try (SqlStore admin = as(roles.admin())) {
            assertEquals(
                    FsError.INVALID,
                    assertThrows(
                                    FsException.class,
                                    () -> admin.pruneAudit(
                                            Tenant.DEFAULT, System.currentTimeMillis() * 1_000_000L, false))
                            .error(),
                    "the minimum age holds for the admin too, unless forced");
            assertEquals(1, admin.pruneAudit(Tenant.DEFAULT, 3, true));
            List<AuditEvent> left = admin.audit(Tenant.DEFAULT, AuditQuery.all());
            assertEquals(
                    List.of("audit prune"),
                    left.stream().map(AuditEvent::operation).toList());
            admin.setSetting(Settings.REQUIRE_AUDIT, "on");
            assertTrue(admin.settings().requireAudit());
        }
        try (Connection c = DriverManager.getConnection(database.jdbcUrlAs(roles.admin()));
                Statement st = c.createStatement()) {
            assertRefused(st, "DELETE FROM audit_events");
            c.setAutoCommit(false);
            st.execute("SET LOCAL tarbox.audit_prune = 'on'");
            st.execute("SET LOCAL tarbox.tenant_id = '1'");
            assertRefused(st, "DELETE FROM audit_events");
            c.rollback();
        }
        try (SqlStore app = as(roles.app())) {
            assertEquals(
                    FsError.NOT_PERMITTED,
                    assertThrows(
                                    FsException.class,
                                    () -> app.startRun(
                                            Tenant.DEFAULT, RunRecord.started("r2", "m.wasm", "h", 1, false)))
                            .error(),
                    "require-audit: the database refuses a run that is not audited");
        }
    }

    @Test
    void aTenantRoleReachesItsOwnTenantOnlyByAnyCallOrStatement() throws Exception {
        String alice = roles.tenantRole("alice");
        long a;
        long b;
        try (SqlStore admin = as(roles.admin())) {
            a = admin.createTenant("a").id();
            b = admin.createTenant("b").id();
            try (FilesystemInterface fs = admin.openFilesystem("b")) {
                fs.create(fs.rootIno(), "b-secret", 0644, true);
            }
            admin.grantTenantRole("a", alice);
            assertEquals(
                    FsError.EXISTS,
                    assertThrows(FsException.class, () -> admin.grantTenantRole("b", alice))
                            .error(),
                    "one tenant per role");
        }
        try (SqlStore app = as(roles.app())) {
            assertEquals(
                    FsError.NOT_PERMITTED,
                    assertThrows(FsException.class, () -> app.grantTenantRole("b", roles.tenantRole("mallory")))
                            .error(),
                    "only the admin role makes per-tenant roles");
        }
        try (SqlStore mine = as(alice)) {
            assertEquals(
                    List.of("a"), mine.listTenants().stream().map(Tenant::name).toList());
            assertTrue(mine.findTenant("b").isEmpty());
            for (Runnable reach : List.<Runnable>of(
                    () -> mine.openFilesystem("b"),
                    () -> mine.deleteTenant("b"),
                    () -> mine.audit("b", AuditQuery.all()),
                    () -> mine.runs("b"),
                    () -> mine.collectGarbage("b"),
                    () -> mine.usage("b"))) {
                assertEquals(
                        FsError.NOT_FOUND,
                        assertThrows(FsException.class, reach::run).error());
            }
            assertEquals(
                    FsError.NOT_PERMITTED,
                    assertThrows(FsException.class, () -> mine.createTenant("c"))
                            .error());
            assertEquals(
                    FsError.NOT_PERMITTED,
                    assertThrows(FsException.class, () -> mine.setQuota("a", OptionalLong.of(1)))
                            .error());
            try (FilesystemInterface fs = mine.openFilesystem("a")) {
                fs.create(fs.rootIno(), "a-file", 0644, true);
            }
        }
        try (Connection c = DriverManager.getConnection(database.jdbcUrlAs(alice));
                Statement st = c.createStatement()) {
            st.execute("SELECT set_config('tarbox.tenant_id', '" + b + "', false)"); // names b: ignored
            for (String table : List.of(
                    "inodes", "dirents", "chunks", "file_chunks", "layers", "snapshots", "runs", "audit_events")) {
                assertEquals(0, count(st, "SELECT count(*) FROM " + table + " WHERE tenant_id = " + b), table);
            }
            assertEquals(0, count(st, "SELECT count(*) FROM tenants WHERE id = " + b));
            assertEquals(1, count(st, "SELECT count(*) FROM tenants"), "its own row only");
            assertEquals(List.of("a"), names(st, "SELECT name FROM tarbox_tenants()"));
            assertEquals(0, st.executeUpdate("UPDATE inodes SET mode = 0 WHERE tenant_id = " + b));
            assertEquals(0, st.executeUpdate("DELETE FROM dirents WHERE tenant_id = " + b));
            assertRefused(
                    st,
                    "INSERT INTO dirents (tenant_id, layer_id, parent, name, ino) VALUES (" + b + ", 1, 1, 'x', 1)");
            assertRefused(st, "UPDATE tenants SET quota_bytes = 1");
            assertRefused(st, "DELETE FROM tenants");
            assertRefused(st, "SELECT tarbox_prune_audit(0, true)");
            assertRefused(st, "SET ROLE " + roles.app());
            assertTrue(count(st, "SELECT count(*) FROM dirents WHERE tenant_id = " + a) > 0, "its own tenant, yes");
        }
        assertEquals(1, count("dirents WHERE name = 'b-secret'"), "b's file is untouched");
    }

    private static void assertRefused(Statement st, String statement) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(statement), statement);
        assertFalse(e.getMessage() == null, statement);
    }

    /** A count as the superuser (who sees every row). */
    private long count(String from) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl());
                Statement st = c.createStatement()) {
            return count(st, "SELECT count(*) FROM " + from);
        }
    }

    private static long count(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> names(Statement st, String query) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
