package io.tarbox.storage.sql;

import io.tarbox.core.model.ApiToken;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code tokens} table (migration V7): API tokens of {@code tarbox serve}, by name and by the
 * hash of their secret. Not behind row-level security on PostgreSQL (a request's token is looked
 * up before its tenant is known); the store maps tenant ids to names itself.
 */
final class TokenTable {
    private static final String COLUMNS = "name, tenant_id, scope, created_ns, expires_ns, last_used_ns, revoked_ns";

    private final Statements sql;

    TokenTable(Statements sql) {
        this.sql = sql;
    }

    boolean exists(String name) throws SQLException {
        PreparedStatement st = sql.get("SELECT 1 FROM tokens WHERE name = ?");
        st.setString(1, name);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next();
        }
    }

    void insert(String name, long tenant, ApiToken.Scope scope, String secretHash, long created, Long expires)
            throws SQLException {
        PreparedStatement st =
                sql.get("INSERT INTO tokens (name, tenant_id, scope, secret_hash, created_ns, expires_ns)"
                        + " VALUES (?, ?, ?, ?, ?, ?)");
        st.setString(1, name);
        st.setLong(2, tenant);
        st.setString(3, scope.label());
        st.setString(4, secretHash);
        st.setLong(5, created);
        if (expires == null) {
            st.setNull(6, java.sql.Types.BIGINT);
        } else {
            st.setLong(6, expires);
        }
        st.executeUpdate();
    }

    List<ApiToken> all(Map<Long, String> tenantNames) throws SQLException {
        List<ApiToken> tokens = new ArrayList<>();
        try (ResultSet rs =
                sql.get("SELECT " + COLUMNS + " FROM tokens ORDER BY name").executeQuery()) {
            while (rs.next()) {
                ApiToken t = row(rs, tenantNames);
                if (t != null) {
                    tokens.add(t);
                }
            }
        }
        return tokens;
    }

    /**
     * The token whose secret has {@code secretHash}, with its tenant's name from {@code tenants}
     * (the relation the session may see tenants through: {@link SqlDialect#tenants}), in one query:
     * every request of the server asks it. Null when there is none, or its tenant is gone.
     */
    ApiToken byHash(String secretHash, String tenants) throws SQLException {
        PreparedStatement st = sql.get("SELECT t.name, n.name, t.scope, t.created_ns, t.expires_ns, t.last_used_ns,"
                + " t.revoked_ns FROM tokens t JOIN " + tenants + " n ON n.id = t.tenant_id WHERE t.secret_hash = ?");
        st.setString(1, secretHash);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? token(rs, rs.getString(2)) : null;
        }
    }

    /** Marks a token revoked; false when there is no such token or it was revoked already. */
    boolean revoke(String name, long now) throws SQLException {
        PreparedStatement st = sql.get("UPDATE tokens SET revoked_ns = ? WHERE name = ? AND revoked_ns IS NULL");
        st.setLong(1, now);
        st.setString(2, name);
        return st.executeUpdate() > 0;
    }

    void touch(String name, long now) throws SQLException {
        PreparedStatement st = sql.get("UPDATE tokens SET last_used_ns = ? WHERE name = ?");
        st.setLong(1, now);
        st.setString(2, name);
        st.executeUpdate();
    }

    private static ApiToken row(ResultSet rs, Map<Long, String> tenantNames) throws SQLException {
        String tenant = tenantNames.get(rs.getLong(2));
        if (tenant == null) {
            return null; // its tenant is gone (or not visible to this role)
        }
        return token(rs, tenant);
    }

    /** The token of a row of {@link #COLUMNS} (or the same columns with the tenant's name second). */
    private static ApiToken token(ResultSet rs, String tenant) throws SQLException {
        return new ApiToken(
                rs.getString(1),
                tenant,
                ApiToken.Scope.parse(rs.getString(3)),
                rs.getLong(4),
                nullableLong(rs, 5),
                nullableLong(rs, 6),
                nullableLong(rs, 7));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
