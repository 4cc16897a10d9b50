package io.tarbox.storage.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A tenant's change counter ({@code tenants.version}): every commit that changes the tree bumps it
 * in the same transaction. A process that reads a value other than the one its caches were built
 * at knows that another process has committed since, and forgets its cached rows.
 */
final class TenantVersion {
    private TenantVersion() {}

    static long read(Statements sql, long tenant) throws SQLException {
        PreparedStatement st = sql.get("SELECT version FROM tenants WHERE id = ?");
        st.setLong(1, tenant);
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("tenant " + tenant + " has been deleted");
            }
            return rs.getLong(1);
        }
    }
}
