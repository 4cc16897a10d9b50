package io.tarbox.storage.sql;

import com.github.benmanes.caffeine.cache.Cache;
import io.tarbox.core.fs.DirEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes one tenant's rows of {@code dirents}, through the entry cache. A row's id never
 * changes (a rename moves the row) and is never reused, so it is the readdir cookie.
 */
final class DirentTable {
    /** Cache key: a name in a directory. */
    record Key(long parent, String name) {}

    /** Cached value for "no such entry" (0 is never an inode number). */
    static final long ABSENT = 0;

    private final Statements sql;
    private final long tenant;
    private final Cache<Key, Long> cache;

    DirentTable(Statements sql, long tenant, Cache<Key, Long> cache) {
        this.sql = sql;
        this.tenant = tenant;
        this.cache = cache;
    }

    /** The inode {@code name} names in {@code parent}, or {@link #ABSENT}. */
    long lookup(long parent, String name) throws SQLException {
        Key key = new Key(parent, name);
        Long cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        PreparedStatement st = sql.get("SELECT ino FROM dirents WHERE tenant_id = ? AND parent = ? AND name = ?");
        st.setLong(1, tenant);
        st.setLong(2, parent);
        st.setString(3, name);
        long ino;
        try (ResultSet rs = st.executeQuery()) {
            ino = rs.next() ? rs.getLong(1) : ABSENT;
        }
        cache.put(key, ino);
        return ino;
    }

    /*
     * Changes are conditional: another process may have taken, removed or renamed a name since this
     * one looked it up (its cache, or a commit in between). A change that finds the row other than
     * expected does nothing, forgets the cached entry and returns false; the caller reports it
     * before changing anything else.
     */

    /** Adds an entry; false (and nothing changed) when the name is taken, e.g. by another process. */
    boolean insert(long parent, String name, long ino) throws SQLException {
        PreparedStatement st = sql.get("INSERT INTO dirents (tenant_id, parent, name, ino) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING");
        st.setLong(1, tenant);
        st.setLong(2, parent);
        st.setString(3, name);
        st.setLong(4, ino);
        return settle(st.executeUpdate(), new Key(parent, name), ino);
    }

    /** Removes the entry if it still names {@code ino}; false (nothing changed) otherwise. */
    boolean delete(long parent, String name, long ino) throws SQLException {
        PreparedStatement st = sql.get("DELETE FROM dirents WHERE tenant_id = ? AND parent = ? AND name = ? AND ino = ?");
        st.setLong(1, tenant);
        st.setLong(2, parent);
        st.setString(3, name);
        st.setLong(4, ino);
        return settle(st.executeUpdate(), new Key(parent, name), ABSENT);
    }

    /**
     * Moves an entry (keeping its cookie) if it still names {@code ino}; the target name must be
     * free. False (nothing changed) when the entry is gone.
     */
    boolean move(long parent, String name, long newParent, String newName, long ino) throws SQLException {
        PreparedStatement st = sql.get("UPDATE dirents SET parent = ?, name = ?"
                + " WHERE tenant_id = ? AND parent = ? AND name = ? AND ino = ?");
        st.setLong(1, newParent);
        st.setString(2, newName);
        st.setLong(3, tenant);
        st.setLong(4, parent);
        st.setString(5, name);
        st.setLong(6, ino);
        if (!settle(st.executeUpdate(), new Key(parent, name), ABSENT)) {
            return false;
        }
        cache.put(new Key(newParent, newName), ino);
        return true;
    }

    /** Caches the entry's new value after a change of {@code rows} rows, or forgets it when none changed. */
    private boolean settle(int rows, Key key, long ino) {
        if (rows == 0) {
            cache.invalidate(key);
            return false;
        }
        cache.put(key, ino);
        return true;
    }

    /** Up to {@code max} entries of {@code dir} with a cookie above {@code afterCookie}, by cookie. */
    List<DirEntry> page(long dir, long afterCookie, int max) throws SQLException {
        PreparedStatement st = sql.get("SELECT d.name, d.ino, i.type, d.id FROM dirents d"
                + " JOIN inodes i ON i.tenant_id = d.tenant_id AND i.ino = d.ino"
                + " WHERE d.tenant_id = ? AND d.parent = ? AND d.id > ? ORDER BY d.id LIMIT ?");
        st.setLong(1, tenant);
        st.setLong(2, dir);
        st.setLong(3, afterCookie);
        st.setInt(4, max);
        List<DirEntry> entries = new ArrayList<>(Math.min(max, 1024));
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                entries.add(new DirEntry(rs.getString(1), rs.getLong(2), InodeRow.type(rs.getInt(3)), rs.getLong(4)));
            }
        }
        return entries;
    }

    boolean isEmpty(long dir) throws SQLException {
        PreparedStatement st = sql.get("SELECT 1 FROM dirents WHERE tenant_id = ? AND parent = ? LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, dir);
        try (ResultSet rs = st.executeQuery()) {
            return !rs.next();
        }
    }

    /** The directory holding the (only) entry of directory {@code dir}, or {@link #ABSENT}. */
    long parentOf(long dir) throws SQLException {
        PreparedStatement st = sql.get("SELECT parent FROM dirents WHERE tenant_id = ? AND ino = ? LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, dir);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : ABSENT;
        }
    }
}
