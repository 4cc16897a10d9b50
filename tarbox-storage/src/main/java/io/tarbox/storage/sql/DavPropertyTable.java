package io.tarbox.storage.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dav_properties} table (migration V7): WebDAV dead properties, by tenant and inode, so
 * that a MOVE keeps them. Not layered: a snapshot does not freeze them.
 */
final class DavPropertyTable {
    private final Statements sql;
    private final long tenant;

    DavPropertyTable(Statements sql, long tenant) {
        this.sql = sql;
        this.tenant = tenant;
    }

    Map<String, String> get(long ino) throws SQLException {
        PreparedStatement st =
                sql.get("SELECT name, value FROM dav_properties WHERE tenant_id = ? AND ino = ? ORDER BY name");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        Map<String, String> props = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                props.put(rs.getString(1), rs.getString(2));
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
