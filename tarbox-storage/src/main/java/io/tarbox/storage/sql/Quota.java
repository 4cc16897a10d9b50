package io.tarbox.storage.sql;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * A tenant's storage quota and usage. Usage is the bytes of file data the tenant's rows hold: its
 * chunks (each stored once per tenant, so deduplicated data counts once) plus inline data. It is
 * computed exactly from those rows when needed, not kept in a counter that every path changing
 * chunks would have to maintain.
 *
 * <p>For a filesystem ({@link #checkWrite}): the quota and the committed usage are read at the
 * first write after each commit, and a write is refused with NO_SPACE (ENOSPC in the guest) when
 * that usage plus everything buffered since the commit plus the write would pass the quota. The
 * buffered bytes are counted in full (before deduplication and before overwritten chunks are
 * released), so the check errs on the safe side and a commit never exceeds the quota; the write
 * that is refused changes nothing.
 */
final class Quota {
    private final Statements sql;
    private final long tenant;
    private boolean stale = true;
    private long quota = -1;
    private long committedUsage;

    Quota(Statements sql, long tenant) {
        this.sql = sql;
        this.tenant = tenant;
    }

    /** After a commit (of this or another process): read quota and usage again before the next write. */
    void committed() {
        stale = true;
    }

    /**
     * @param buffered bytes buffered and not yet committed
     * @throws FsException NO_SPACE when {@code length} more bytes would pass the quota
     */
    void checkWrite(long buffered, long length) throws SQLException {
        if (refuses(buffered, length)) {
            throw new FsException(
                    FsError.NO_SPACE,
                    "tenant quota of " + quota + " bytes reached (" + committedUsage + " bytes stored)");
        }
    }

    /** Whether {@link #checkWrite} would refuse the write. */
    boolean refuses(long buffered, long length) throws SQLException {
        if (stale) {
            OptionalLong limit = quota(sql, tenant);
            quota = limit.orElse(-1);
            committedUsage = quota < 0 ? 0 : usage(sql, tenant);
            stale = false;
        }
        return quota >= 0 && committedUsage + buffered + length > quota;
    }

    /** The tenant's quota in bytes, empty for none. */
    static OptionalLong quota(Statements sql, long tenant) throws SQLException {
        PreparedStatement st = sql.get("SELECT quota_bytes FROM tenants WHERE id = ?");
        st.setLong(1, tenant);
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                return OptionalLong.empty();
            }
            long value = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    /** Sets (or with an empty value clears) the tenant's quota. */
    static void setQuota(Statements sql, long tenant, OptionalLong bytes) throws SQLException {
        PreparedStatement st = sql.get("UPDATE tenants SET quota_bytes = ? WHERE id = ?");
        if (bytes.isPresent()) {
            st.setLong(1, bytes.getAsLong());
        } else {
            st.setNull(1, java.sql.Types.BIGINT);
        }
        st.setLong(2, tenant);
        st.executeUpdate();
    }

    /** Bytes of file data the tenant's committed rows hold: chunks plus inline data. */
    static long usage(Statements sql, long tenant) throws SQLException {
        PreparedStatement st = sql.get("SELECT (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM chunks WHERE tenant_id = ?)"
                + " + (SELECT COALESCE(SUM(LENGTH(inline_data)), 0) FROM inodes WHERE tenant_id = ?)");
        st.setLong(1, tenant);
        st.setLong(2, tenant);
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
