package io.tarbox.storage.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dav_properties} table (migration V7): WebDAV dead properties, by tenant and inode, so
 * that a MOVE keeps them. Not layered: a snapshot does not freeze them.
 */
final class DavPropertyTable {
    private final Statements sql;
    private final SqlDialect dialect;
    private final long tenant;

    DavPropertyTable(Statements sql, SqlDialect dialect, long tenant) {
        this.sql = sql;
        this.dialect = dialect;
        this.tenant = tenant;
    }

    /** The properties of each of {@code inos} that has any, by name, in one query. */
    Map<Long, Map<String, String>> get(Collection<Long> inos) throws SQLException {
        Map<Long, Map<String, String>> props = new HashMap<>();
        if (inos.isEmpty()) {
            return props;
        }
        PreparedStatement st = sql.get("SELECT ino, name, value FROM dav_properties WHERE tenant_id = ? AND "
                + dialect.inNumbers("ino") + " ORDER BY ino, name");
        st.setLong(1, tenant);
        dialect.bindNumbers(sql, st, 2, inos);
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                props.computeIfAbsent(rs.getLong(1), ino -> new LinkedHashMap<>())
                        .put(rs.getString(2), rs.getString(3));
            }
        }
        return props;
    }

    void change(long ino, Map<String, String> set, Collection<String> remove) throws SQLException {
        for (String name : remove) {
            delete(ino, name);
        }
        for (Map.Entry<String, String> e : set.entrySet()) {
            delete(ino, e.getKey());
            PreparedStatement st =
                    sql.get("INSERT INTO dav_properties (tenant_id, ino, name, value) VALUES (?, ?, ?, ?)");
            st.setLong(1, tenant);
            st.setLong(2, ino);
            st.setString(3, e.getKey());
            st.setString(4, e.getValue());
            st.executeUpdate();
        }
    }

    void dropAll(long ino) throws SQLException {
        PreparedStatement st = sql.get("DELETE FROM dav_properties WHERE tenant_id = ? AND ino = ?");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        st.executeUpdate();
    }

    private void delete(long ino, String name) throws SQLException {
        PreparedStatement st = sql.get("DELETE FROM dav_properties WHERE tenant_id = ? AND ino = ? AND name = ?");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        st.setString(3, name);
        st.executeUpdate();
    }
}
