package io.tarbox.storage.sql;

import io.tarbox.core.model.Tenant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of {@code tenants}, and creating or deleting everything a tenant owns. On PostgreSQL the
 * tenants a session may know of come from the function {@code tarbox_tenants()} (row-level
 * security hides every tenant's row from a session that named none), and the statements that
 * touch one tenant's rows run with that tenant named ({@link SqlDialect#scope}).
 */
final class TenantTable {
    /**
     * Tables whose rows belong to a tenant, children first, and which deleting a tenant empties
     * ({@code runs} and {@code audit_events} stay: the trail outlives the tenant).
     */
    private static final List<String> TENANT_TABLES =
            List.of("file_chunks", "chunks", "dirents", "inodes", "snapshots", "layers", "tokens", "dav_properties");

    private final Statements sql;
    private final SqlDialect dialect;

    TenantTable(Statements sql, SqlDialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    List<Tenant> list() throws SQLException {
        PreparedStatement st = sql.get("SELECT id, name, created_ns FROM " + dialect.tenants() + " ORDER BY name");
        List<Tenant> tenants = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                tenants.add(new Tenant(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return tenants;
    }

    Tenant find(String name) throws SQLException {
        PreparedStatement st = sql.get("SELECT id, name, created_ns FROM " + dialect.tenants() + " WHERE name = ?");
        st.setString(1, name);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? new Tenant(rs.getLong(1), rs.getString(2), rs.getLong(3)) : null;
        }
    }

    /** Inserts a tenant and its root directory; call inside a transaction (which it scopes to the tenant). */
    Tenant insert(String name, long nowNs) throws SQLException {
        long id = dialect.reserveTenantId(sql);
        dialect.scope(sql, id); // row-level security admits the new rows of the tenant named
        PreparedStatement st = sql.get("INSERT INTO tenants (id, name, created_ns, next_ino) VALUES (?, ?, ?, ?)");
        st.setLong(1, id);
        st.setString(2, name);
        st.setLong(3, nowNs);
        st.setLong(4, SqlFilesystem.ROOT + 1);
        st.executeUpdate();
        Tenant tenant = new Tenant(id, name, nowNs);
        LayerTable layers = new LayerTable(sql, tenant.id());
        long base = layers.create(0, false, null, nowNs);
        layers.setTop(base);
        PreparedStatement root =
                sql.get("INSERT INTO inodes (tenant_id, ino, layer_id, type, mode, nlink, size, atime_ns,"
                        + " mtime_ns, ctime_ns) VALUES (?, ?, ?, ?, ?, 2, 0, ?, ?, ?)");
        root.setLong(1, tenant.id());
        root.setLong(2, SqlFilesystem.ROOT);
        root.setLong(3, base);
        root.setInt(4, InodeRow.typeCode(io.tarbox.core.fs.FileType.DIRECTORY));
        root.setInt(5, 0755);
        root.setLong(6, nowNs);
        root.setLong(7, nowNs);
        root.setLong(8, nowNs);
        root.executeUpdate();
        return tenant;
    }

    /** Deletes a tenant and every row of its tree; call inside a transaction scoped to the tenant. */
    void delete(long id) throws SQLException {
        for (String table : TENANT_TABLES) {
            PreparedStatement st = sql.get("DELETE FROM " + table + " WHERE tenant_id = ?");
            st.setLong(1, id);
            st.executeUpdate();
        }
        PreparedStatement st = sql.get("DELETE FROM tenants WHERE id = ?");
        st.setLong(1, id);
        st.executeUpdate();
    }
}
