package io.tarbox.storage.sql;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The roles of a PostgreSQL database set up by {@code tarbox init --create-roles} (see
 * docs/storage.md, "Deploying on PostgreSQL"). With prefix {@code P}:
 *
 * <ul>
 *   <li>{@code P_owner} (NOLOGIN) owns every table and function: only it could alter a table,
 *       disable a trigger or delete audit rows, and nobody logs in as it;
 *   <li>{@code P_app} (LOGIN) is the role Tarbox runs as: it reads and writes every tenant's tree
 *       (the tenant it names, behind row-level security), appends to the audit trail, and cannot
 *       change or delete a row of it;
 *   <li>{@code P_admin} (LOGIN, CREATEROLE) is what {@code P_app} is, and may prune the audit trail
 *       (through {@code tarbox_prune_audit}), change the database's settings, and make per-tenant
 *       roles;
 *   <li>{@code P_tenant} (NOLOGIN) holds what a per-tenant role may do: what {@code P_app} may, on
 *       one tenant only, without creating, deleting or setting quotas of tenants. Each per-tenant
 *       role ({@code tarbox tenant grant}) is a member of it and is named in {@code tenant_roles},
 *       which the policies read by {@code current_user}.
 * </ul>
 *
 * <p>The privileges are the lists below and nothing else; {@link #grant} applies them again after
 * every {@code tarbox init --create-roles}, so that tables added by later migrations are covered.
 */
final class PostgresRoles {
    /** Role names Tarbox makes or accepts: plain lower-case identifiers, so none needs quoting. */
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The tables of tenants' trees. */
    private static final List<String> TREE_TABLES =
            List.of("inodes", "dirents", "chunks", "file_chunks", "layers", "snapshots", "dav_properties");
    /** Every table of the schema (owned by {@code P_owner}). */
    private static final List<String> ALL_TABLES = List.of(
            "tenants",
            "inodes",
            "dirents",
            "chunks",
            "file_chunks",
            "layers",
            "snapshots",
            "runs",
            "audit_events",
            "settings",
            "tenant_roles",
            "flyway_schema_history",
            "tokens",
            "dav_properties");
    /** Columns of {@code tenants} that running a tree changes (not its name, nor its quota). */
    private static final String TREE_TENANT_COLUMNS = "version, top_layer, next_ino, next_layer";
    /** Columns of {@code runs} a run completes when it ends. */
    private static final String RUN_END_COLUMNS = "duration_ms, exit_code, files_changed, status, signal";

    private final String prefix;

    PostgresRoles(String prefix) {
        if (!ROLE_NAME.matcher(prefix).matches() || prefix.length() > 56) {
            throw new FsException(
                    FsError.INVALID,
                    "invalid role prefix '" + prefix + "' (use up to 56 of a-z 0-9 _, not starting with a digit)");
        }
        this.prefix = prefix;
    }

    String owner() {
        return prefix + "_owner";
    }

    String admin() {
        return prefix + "_admin";
    }

    String app() {
        return prefix + "_app";
    }

    String tenantGroup() {
        return prefix + "_tenant";
    }

    /** Creates the four roles that do not exist yet, and lets the owner create the schema's objects. */
    void createRoles(Connection c) throws SQLException {
        create(c, owner(), "NOLOGIN");
        create(c, admin(), "LOGIN CREATEROLE");
        create(c, app(), "LOGIN");
        create(c, tenantGroup(), "NOLOGIN");
        try (Statement st = c.createStatement()) {
            if (!isSuperuser(c)) {
                st.execute("GRANT " + owner() + " TO CURRENT_USER"); // to migrate as it (SET ROLE)
            }
            st.execute("GRANT USAGE, CREATE ON SCHEMA " + schema(c) + " TO " + owner());
        }
    }

    /** Makes the owner role own the schema's Tarbox objects that exist already (made by another role). */
    void takeOwnership(Connection c) throws SQLException {
        String schema = schema(c);
        List<String> statements = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND (c.relkind = 'r' AND c.relname = ANY (?)"
                + " OR c.relkind = 'S' AND c.relname = 'inode_blocks')")) {
            st.setString(1, schema);
            st.setArray(2, c.createArrayOf("text", ALL_TABLES.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    statements.add("ALTER " + ("S".equals(rs.getString(2)) ? "SEQUENCE " : "TABLE ") + schema + "."
                            + rs.getString(1) + " OWNER TO " + owner());
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n"
                + " ON n.oid = p.pronamespace WHERE n.nspname = ? AND (p.proname LIKE 'tarbox\\_%'"
                + " OR p.proname IN ('audit_events_guard', 'runs_guard'))")) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    statements.add("ALTER FUNCTION " + rs.getString(1) + " OWNER TO " + owner());
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    /** Grants every role what it needs (and the owner nothing: it owns). */
    void grant(Connection c) throws SQLException {
        String schema = schema(c);
        String tree = String.join(", ", TREE_TABLES);
        List<String> statements = new ArrayList<>();
        for (String role : List.of(app(), tenantGroup())) {
            statements.add("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
            statements.add("GRANT SELECT, INSERT, UPDATE, DELETE ON " + tree + " TO " + role);
            statements.add("GRANT SELECT, INSERT ON audit_events TO " + role);
            statements.add("GRANT SELECT, INSERT, UPDATE (" + RUN_END_COLUMNS + ") ON runs TO " + role);
            statements.add("GRANT SELECT ON settings, flyway_schema_history TO " + role);
            statements.add("GRANT USAGE ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
            statements.add("GRANT EXECUTE ON FUNCTION tarbox_tenants() TO " + role);
        }
        statements.add("GRANT SELECT, INSERT, DELETE, UPDATE (" + TREE_TENANT_COLUMNS + ", quota_bytes) ON tenants TO "
                + app());
        statements.add("GRANT SELECT, UPDATE (" + TREE_TENANT_COLUMNS + ") ON tenants TO " + tenantGroup());
        // API tokens (tarbox serve): managed and looked up by the application role; per-tenant roles get nothing
        statements.add("GRANT SELECT, INSERT, DELETE, UPDATE (last_used_ns, revoked_ns) ON tokens TO " + app());
        statements.add("GRANT " + app() + " TO " + admin());
        statements.add("GRANT USAGE ON SCHEMA " + schema + " TO " + admin());
        statements.add("GRANT INSERT, UPDATE, DELETE ON settings, tenant_roles TO " + admin());
        statements.add("GRANT EXECUTE ON FUNCTION tarbox_prune_audit(bigint, boolean) TO " + admin());
        statements.add("GRANT " + tenantGroup() + " TO " + admin() + " WITH ADMIN OPTION");
        try (Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    /**
     * Makes {@code role} (created, LOGIN without a password, if it does not exist) a role of tenant
     * {@code tenant} only; inside a transaction of the store's connection.
     */
    void grantTenant(Statements sql, long tenant, String role) throws SQLException {
        checkRoleName(role);
        if (List.of(owner(), admin(), app(), tenantGroup()).contains(role)) {
            throw new FsException(FsError.INVALID, "'" + role + "' is one of Tarbox's own roles");
        }
        PreparedStatement mapped = sql.get("SELECT tenant_id FROM tenant_roles WHERE role_name = ?");
        mapped.setString(1, role);
        try (ResultSet rs = mapped.executeQuery()) {
            if (rs.next()) {
                if (rs.getLong(1) != tenant) {
                    throw new FsException(FsError.EXISTS, "role '" + role + "' already serves another tenant");
                }
                return;
            }
        }
        PreparedStatement exists = sql.get("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?");
        exists.setString(1, role);
        try (ResultSet rs = exists.executeQuery()) {
            if (!rs.next()) {
                sql.execute("CREATE ROLE " + role + " LOGIN");
            } else if (rs.getBoolean(1)) {
                throw new FsException(
                        FsError.INVALID, "role '" + role + "' is a superuser or bypasses row-level security");
            }
        }
        sql.execute("GRANT " + tenantGroup() + " TO " + role);
        PreparedStatement map = sql.get("INSERT INTO tenant_roles (role_name, tenant_id) VALUES (?, ?)");
        map.setString(1, role);
        map.setLong(2, tenant);
        map.executeUpdate();
    }

    /** Undoes {@link #grantTenant} (the role itself stays); false when it did not serve the tenant. */
    boolean revokeTenant(Statements sql, long tenant, String role) throws SQLException {
        checkRoleName(role);
        PreparedStatement unmap = sql.get("DELETE FROM tenant_roles WHERE role_name = ? AND tenant_id = ?");
        unmap.setString(1, role);
        unmap.setLong(2, tenant);
        if (unmap.executeUpdate() == 0) {
            return false;
        }
        sql.execute("REVOKE " + tenantGroup() + " FROM " + role);
        return true;
    }

    private static void checkRoleName(String role) {
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new FsException(
                    FsError.INVALID,
                    "invalid role name '" + role + "' (use 1 to 63 of a-z 0-9 _, not starting with a digit)");
        }
    }

    private static void create(Connection c, String role, String options) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " " + options);
        }
    }

    private static boolean isSuperuser(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String schema(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            if (!ROLE_NAME.matcher(schema).matches()) {
                throw new SQLException("unsupported schema name '" + schema + "'");
            }
            return schema;
        }
    }
}
