package io.tarbox.storage.sql;

import com.github.benmanes.caffeine.cache.Cache;
import io.tarbox.core.fs.DirEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads and writes one tenant's rows of {@code dirents}, through the entry cache. A row's id never
 * changes (a rename moves the row) and is never reused, so it is the readdir cookie.
 *
 * <p>Layers (see {@link LayerChain}): a name is looked up in the highest layer of the chain that
 * has a row for it; a row with inode 0 there is a whiteout, the name removed. Changes go to the
 * top layer only: removing a name that a lower layer holds writes a whiteout. A tree with a
 * single layer takes the simpler statements it had before layers existed.
 */
final class DirentTable {
    /** Cache key: a name in a directory. */
    record Key(long parent, String name) {}

    /** Cached value for "no such entry" (0 is never an inode number). */
    static final long ABSENT = 0;

    /** Inode number of a whiteout row. */
    private static final long WHITEOUT = 0;

    private final Statements sql;
    private final long tenant;
    private final Supplier<LayerChain> chain;
    private final Cache<Key, Long> cache;

    /** Directories whose every entry is cached: a name not cached there is absent (see {@link #created}). */
    private final Set<Long> complete;

    DirentTable(Statements sql, long tenant, Supplier<LayerChain> chain, Cache<Key, Long> cache, Set<Long> complete) {
        this.sql = sql;
        this.tenant = tenant;
        this.chain = chain;
        this.cache = cache;
        this.complete = complete;
    }

    /**
     * Records that directory {@code dir} was just created by this tree: a new inode number, so no
     * layer has an entry under it, and every entry added later goes through this cache. Until an
     * entry of it leaves the cache (or the cache is forgotten, e.g. because another process
     * committed), a lookup of a name it has not cached is answered "absent" without a query, as a
     * cached miss would be; a name another process takes meanwhile is found by the insert, as then.
     */
    void created(long dir) {
        complete.add(dir);
    }

    /** The inode {@code name} names in {@code parent}, or {@link #ABSENT}. */
    long lookup(long parent, String name) throws SQLException {
        Key key = new Key(parent, name);
        Long cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        if (complete.contains(parent)) {
            return ABSENT;
        }
        long ino = lookupIn(chain.get().contains("layer_id"), parent, name);
        cache.put(key, ino);
        return ino;
    }

    /**
     * The inode the highest layer matching {@code inLayers} (a {@link LayerChain#contains} term)
     * names, or {@link #ABSENT} (also for a whiteout).
     */
    private long lookupIn(String inLayers, long parent, String name) throws SQLException {
        PreparedStatement st = sql.get("SELECT ino FROM dirents WHERE tenant_id = ? AND parent = ? AND name = ?"
                + " AND " + inLayers + " ORDER BY layer_id DESC LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, parent);
        st.setString(3, name);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : ABSENT;
        }
    }

    /** Whether a layer below the top names something under {@code name}. */
    private boolean namedBelow(LayerChain layers, long parent, String name) throws SQLException {
        return layers.hasLower() && lookupIn(layers.lowerContains("layer_id"), parent, name) != ABSENT;
    }

    /*
     * Changes are conditional: another process may have taken, removed or renamed a name since this
     * one looked it up (its cache, or a commit in between). A change that finds the row other than
     * expected does nothing, forgets the cached entry and returns false; the caller reports it
     * before changing anything else.
     */

    /** Caches an entry that the caller added (see InodeTable#insertNamed). */
    void inserted(long parent, String name, long ino) {
        cache.put(new Key(parent, name), ino);
    }

    /** Adds an entry; false (and nothing changed) when the name is taken, e.g. by another process. */
    boolean insert(long parent, String name, long ino) throws SQLException {
        long top = chain.get().top();
        PreparedStatement st =
                sql.get("INSERT INTO dirents (tenant_id, layer_id, parent, name, ino) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING");
        st.setLong(1, tenant);
        st.setLong(2, top);
        st.setLong(3, parent);
        st.setString(4, name);
        st.setLong(5, ino);
        int rows = st.executeUpdate();
        if (rows == 0) {
            // The top layer has a row for the name: free only if it is a whiteout, which now names the inode.
            rows = changeTopRow("UPDATE dirents SET ino = ?", ino, parent, name, WHITEOUT);
        }
        return settle(rows, new Key(parent, name), ino);
    }

    /** Runs {@code change} (its first parameter {@code value}) on the top layer's row if it names {@code expected}. */
    private int changeTopRow(String change, long value, long parent, String name, long expected) throws SQLException {
        PreparedStatement st =
                sql.get(change + " WHERE tenant_id = ? AND layer_id = ? AND parent = ? AND name = ? AND ino = ?");
        st.setLong(1, value);
        st.setLong(2, tenant);
        st.setLong(3, chain.get().top());
        st.setLong(4, parent);
        st.setString(5, name);
        st.setLong(6, expected);
        return st.executeUpdate();
    }

    /** Deletes the top layer's row for the name if it names {@code expected}; the number of rows deleted. */
    private int deleteTopRow(long parent, String name, long expected) throws SQLException {
        PreparedStatement st =
                sql.get("DELETE FROM dirents WHERE tenant_id = ? AND layer_id = ? AND parent = ? AND name = ?"
                        + " AND ino = ?");
        st.setLong(1, tenant);
        st.setLong(2, chain.get().top());
        st.setLong(3, parent);
        st.setString(4, name);
        st.setLong(5, expected);
        return st.executeUpdate();
    }

    /** Adds a whiteout for the name to the top layer; false if the top layer has a row for it. */
    private boolean insertWhiteout(long parent, String name) throws SQLException {
        PreparedStatement st =
                sql.get("INSERT INTO dirents (tenant_id, layer_id, parent, name, ino) VALUES (?, ?, ?, ?, " + WHITEOUT
                        + ") ON CONFLICT DO NOTHING");
        st.setLong(1, tenant);
        st.setLong(2, chain.get().top());
        st.setLong(3, parent);
        st.setString(4, name);
        return st.executeUpdate() == 1;
    }

    /** Removes the entry if it still names {@code ino}; false (nothing changed) otherwise. */
    boolean delete(long parent, String name, long ino) throws SQLException {
        Key key = new Key(parent, name);
        LayerChain layers = chain.get();
        if (!namedBelow(layers, parent, name)) {
            return settle(deleteTopRow(parent, name, ino), key, ABSENT);
        }
        // A lower layer names it too: the top layer must hide the name with a whiteout.
        if (changeTopRow("UPDATE dirents SET ino = ?", WHITEOUT, parent, name, ino) == 1) {
            return settle(1, key, ABSENT);
        }
        boolean named = lookupIn(layers.lowerContains("layer_id"), parent, name) == ino && insertWhiteout(parent, name);
        return settle(named ? 1 : 0, key, ABSENT);
    }

    /**
     * Moves an entry (keeping its cookie) if it still names {@code ino}; the target name must be
     * free. False (nothing changed) when the entry is gone.
     */
    boolean move(long parent, String name, long newParent, String newName, long ino) throws SQLException {
        LayerChain layers = chain.get();
        if (layers.hasLower()) {
            return moveLayered(layers, parent, name, newParent, newName, ino);
        }
        if (!settle(moveTopRow(parent, name, newParent, newName, ino), new Key(parent, name), ABSENT)) {
            return false;
        }
        cache.put(new Key(newParent, newName), ino);
        return true;
    }

    /** Moves the top layer's row for the name (keeping its cookie) if it names {@code ino}; rows moved. */
    private int moveTopRow(long parent, String name, long newParent, String newName, long ino) throws SQLException {
        PreparedStatement st = sql.get("UPDATE dirents SET parent = ?, name = ?"
                + " WHERE tenant_id = ? AND layer_id = ? AND parent = ? AND name = ? AND ino = ?");
        st.setLong(1, newParent);
        st.setString(2, newName);
        st.setLong(3, tenant);
        st.setLong(4, chain.get().top());
        st.setLong(5, parent);
        st.setString(6, name);
        st.setLong(7, ino);
        return st.executeUpdate();
    }

    /**
     * {@link #move} over lower layers: the top layer's row moves if the entry is there (a whiteout
     * at the target gives way first), otherwise a new row names the inode; a lower layer's row
     * for the old name is hidden by a whiteout.
     */
    private boolean moveLayered(LayerChain layers, long parent, String name, long newParent, String newName, long ino)
            throws SQLException {
        boolean namedBelow = namedBelow(layers, parent, name);
        long visible = lookupIn(layers.contains("layer_id"), parent, name);
        if (visible != ino) {
            forget(new Key(parent, name));
            return false;
        }
        deleteTopRow(newParent, newName, WHITEOUT);
        if (moveTopRow(parent, name, newParent, newName, ino) == 0 && !insert(newParent, newName, ino)) {
            throw new SQLException("rename target " + newName + " was taken by another process");
        }
        if (namedBelow) {
            insertWhiteout(parent, name);
        }
        cache.put(new Key(parent, name), ABSENT);
        cache.put(new Key(newParent, newName), ino);
        return true;
    }

    /** Forgets a cached entry (and that its directory is complete). */
    private void forget(Key key) {
        complete.remove(key.parent());
        cache.invalidate(key);
    }

    /** Caches the entry's new value after a change of {@code rows} rows, or forgets it when none changed. */
    private boolean settle(int rows, Key key, long ino) {
        if (rows == 0) {
            forget(key);
            return false;
        }
        cache.put(key, ino);
        return true;
    }

    /** Up to {@code max} entries of {@code dir} with a cookie above {@code afterCookie}, by cookie. */
    List<DirEntry> page(long dir, long afterCookie, int max) throws SQLException {
        LayerChain layers = chain.get();
        // An inode's type never changes, so any of its rows in the chain tells it. Each entry's
        // inode is read by a correlated subquery (an entry without an inode row is skipped, as an
        // inner join would): a join let PostgreSQL, on statistics of near-empty tables, scan the
        // whole layer's inodes once per entry instead of looking each one up.
        String query = layers.ids().size() == 1
                ? "SELECT name, ino, type, id FROM (SELECT d.name, d.ino, (SELECT i.type FROM inodes i"
                        + " WHERE i.tenant_id = d.tenant_id AND i.ino = d.ino AND i.layer_id = d.layer_id) AS type, d.id"
                        + " FROM dirents d WHERE d.tenant_id = ? AND d.parent = ? AND d.layer_id = "
                        + layers.ids().get(0)
                        + " AND d.id > ?) e WHERE type IS NOT NULL ORDER BY id LIMIT ?"
                : "SELECT d.name, d.ino, (SELECT i.type FROM inodes i WHERE i.tenant_id = d.tenant_id AND i.ino = d.ino"
                        + " AND " + layers.contains("i.layer_id")
                        + " ORDER BY i.layer_id DESC LIMIT 1), d.id FROM dirents d"
                        + " WHERE d.tenant_id = ? AND d.parent = ? AND " + layers.contains("d.layer_id")
                        + " AND d.ino <> " + WHITEOUT + " AND d.id > ?" + layers.visibleEntry()
                        + " ORDER BY d.id LIMIT ?";
        PreparedStatement st = sql.get(query);
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
        LayerChain layers = chain.get();
        PreparedStatement st = sql.get("SELECT 1 FROM dirents d WHERE d.tenant_id = ? AND d.parent = ?" + " AND "
                + layers.contains("d.layer_id") + " AND d.ino <> " + WHITEOUT + layers.visibleEntry() + " LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, dir);
        try (ResultSet rs = st.executeQuery()) {
            return !rs.next();
        }
    }

    /** The directory holding the (only) entry of directory {@code dir}, or {@link #ABSENT}. */
    long parentOf(long dir) throws SQLException {
        LayerChain layers = chain.get();
        PreparedStatement st = sql.get("SELECT d.parent FROM dirents d WHERE d.tenant_id = ? AND d.ino = ?" + " AND "
                + layers.contains("d.layer_id") + layers.visibleEntry() + " LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, dir);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : ABSENT;
        }
    }
}
