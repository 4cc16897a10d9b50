package io.tarbox.storage.sql;

import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.Snapshot;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One tenant's rows of {@code layers} and {@code snapshots}, and the statements that move a
 * layer's rows as a whole: deleting a layer, merging a scratch layer into the one below it.
 */
final class LayerTable {
    /** One row of {@code layers}. */
    record Row(long id, long parent, boolean scratch, String owner, long createdNs) {}

    private static final String[] LAYER_TABLES = {"file_chunks", "inodes", "dirents"};

    private final Statements sql;
    private final long tenant;

    LayerTable(Statements sql, long tenant) {
        this.sql = sql;
        this.tenant = tenant;
    }

    /** The layer the tenant's tree writes to ({@code tenants.top_layer}). */
    long top() throws SQLException {
        PreparedStatement st = sql.get("SELECT top_layer FROM tenants WHERE id = ?");
        st.setLong(1, tenant);
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("tenant " + tenant + " has been deleted");
            }
            return rs.getLong(1);
        }
    }

    void setTop(long layer) throws SQLException {
        PreparedStatement st = sql.get("UPDATE tenants SET top_layer = ? WHERE id = ?");
        st.setLong(1, layer);
        st.setLong(2, tenant);
        st.executeUpdate();
    }

    /** Inserts a layer on {@code parent} (0: a base layer); returns its id. */
    long create(long parent, boolean scratch, String owner, long nowNs) throws SQLException {
        long id = nextId();
        PreparedStatement st = sql.get("INSERT INTO layers (tenant_id, id, parent, scratch, owner, created_ns)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        st.setLong(1, tenant);
        st.setLong(2, id);
        if (parent == 0) {
            st.setNull(3, java.sql.Types.BIGINT);
        } else {
            st.setLong(3, parent);
        }
        st.setInt(4, scratch ? 1 : 0);
        st.setString(5, owner);
        st.setLong(6, nowNs);
        st.executeUpdate();
        return id;
    }

    /**
     * The tenant's next layer id (migration V6: numbered per tenant, so a tenant's ids say nothing of
     * other tenants' activity; they still only grow, which "highest layer = largest id" needs).
     */
    private long nextId() throws SQLException {
        PreparedStatement st =
                sql.get("UPDATE tenants SET next_layer = next_layer + 1 WHERE id = ? RETURNING next_layer - 1");
        st.setLong(1, tenant);
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("tenant " + tenant + " has been deleted");
            }
            return rs.getLong(1);
        }
    }

    /** Whether layer {@code layer} exists. */
    boolean exists(long layer) throws SQLException {
        PreparedStatement st = sql.get("SELECT 1 FROM layers WHERE tenant_id = ? AND id = ?");
        st.setLong(1, tenant);
        st.setLong(2, layer);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next();
        }
    }

    /** Every layer of the tenant, by id. */
    List<Row> all() throws SQLException {
        PreparedStatement st = sql.get(
                "SELECT id, parent, scratch, owner, created_ns FROM layers WHERE tenant_id = ?" + " ORDER BY id");
        st.setLong(1, tenant);
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3) == 1, rs.getString(4), rs.getLong(5)));
            }
        }
        return rows;
    }

    /** The layers as the API shows them; scratch layers other than {@code ownScratch} are left out. */
    List<LayerInfo> infos(long ownScratch) throws SQLException {
        long top = top();
        Map<Long, List<String>> names = new TreeMap<>();
        for (Snapshot s : snapshots()) {
            names.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s.name());
        }
        List<LayerInfo> infos = new ArrayList<>();
        for (Row row : all()) {
            if (row.scratch() && row.id() != ownScratch) {
                continue;
            }
            LayerInfo.State state = row.scratch()
                    ? LayerInfo.State.SCRATCH
                    : row.id() == top ? LayerInfo.State.CURRENT : LayerInfo.State.FROZEN;
            infos.add(new LayerInfo(
                    row.id(), row.parent(), state, row.createdNs(), names.getOrDefault(row.id(), List.of())));
        }
        return infos;
    }

    /** Every snapshot and tag, oldest first. */
    List<Snapshot> snapshots() throws SQLException {
        PreparedStatement st = sql.get("SELECT name, layer_id, message, created_ns, tag FROM snapshots"
                + " WHERE tenant_id = ? ORDER BY created_ns, name");
        st.setLong(1, tenant);
        List<Snapshot> result = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                result.add(snapshot(rs));
            }
        }
        return result;
    }

    /** The snapshot or tag called {@code name}, or null. */
    Snapshot findSnapshot(String name) throws SQLException {
        PreparedStatement st = sql.get(
                "SELECT name, layer_id, message, created_ns, tag FROM snapshots" + " WHERE tenant_id = ? AND name = ?");
        st.setLong(1, tenant);
        st.setString(2, name);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? snapshot(rs) : null;
        }
    }

    private static Snapshot snapshot(ResultSet rs) throws SQLException {
        return new Snapshot(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getInt(5) == 1);
    }

    void insertSnapshot(Snapshot s) throws SQLException {
        PreparedStatement st = sql.get("INSERT INTO snapshots (tenant_id, name, layer_id, message, created_ns, tag)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        st.setLong(1, tenant);
        st.setString(2, s.name());
        st.setLong(3, s.layer());
        st.setString(4, s.message());
        st.setLong(5, s.createdNs());
        st.setInt(6, s.tag() ? 1 : 0);
        st.executeUpdate();
    }

    void deleteSnapshot(String name) throws SQLException {
        PreparedStatement st = sql.get("DELETE FROM snapshots WHERE tenant_id = ? AND name = ?");
        st.setLong(1, tenant);
        st.setString(2, name);
        st.executeUpdate();
    }

    /** Deletes a layer and every row in it (its chunks stay for {@code gc}). */
    void deleteLayer(long layer) throws SQLException {
        for (String table : LAYER_TABLES) {
            PreparedStatement st = sql.get("DELETE FROM " + table + " WHERE tenant_id = ? AND layer_id = ?");
            st.setLong(1, tenant);
            st.setLong(2, layer);
            st.executeUpdate();
        }
        PreparedStatement st = sql.get("DELETE FROM layers WHERE tenant_id = ? AND id = ?");
        st.setLong(1, tenant);
        st.setLong(2, layer);
        st.executeUpdate();
    }

    /**
     * Deletes {@code layer} if nothing needs it (no name, no layer on it, not the tenant's top, not
     * a scratch layer),
     * then its parent on the same terms, and so on down; returns how many layers went.
     */
    int deleteUnneeded(long layer) throws SQLException {
        int deleted = 0;
        long top = top();
        Set<Long> named = new HashSet<>();
        for (Snapshot s : snapshots()) {
            named.add(s.layer());
        }
        List<Row> rows = all();
        while (layer != 0 && layer != top && !named.contains(layer)) {
            long current = layer;
            Row row = rows.stream().filter(r -> r.id() == current).findFirst().orElse(null);
            if (row == null || row.scratch() || rows.stream().anyMatch(r -> r.parent() == current)) {
                break;
            }
            deleteLayer(layer);
            rows.remove(row);
            deleted++;
            layer = row.parent();
        }
        return deleted;
    }

    /**
     * Moves every row of scratch layer {@code from} into {@code into} (the layer it was opened on),
     * replacing what {@code into} holds for the same names and inodes, then deletes {@code from}.
     * Whiteouts and tombstones that hide nothing below {@code into} are dropped on the way.
     *
     * @param below the layers under {@code into}, as an {@code IN} list, or null for none
     */
    void merge(long from, long into, String below) throws SQLException {
        // Names: the scratch layer's row wins over the lower one's.
        execute(
                "DELETE FROM dirents WHERE tenant_id = ? AND layer_id = ? AND EXISTS (SELECT 1 FROM dirents a"
                        + " WHERE a.tenant_id = dirents.tenant_id AND a.layer_id = ? AND a.parent = dirents.parent"
                        + " AND a.name = dirents.name)",
                into,
                from);
        execute(
                "DELETE FROM dirents WHERE tenant_id = ? AND layer_id = ? AND ino = 0"
                        + hidesNothing("dirents", "b.parent = dirents.parent AND b.name = dirents.name", below),
                from);
        // Inodes: a copied-up row replaces the lower row and its chunk map.
        for (String table : new String[] {"file_chunks", "inodes"}) {
            execute(
                    "DELETE FROM " + table + " WHERE tenant_id = ? AND layer_id = ? AND EXISTS (SELECT 1 FROM inodes a"
                            + " WHERE a.tenant_id = " + table + ".tenant_id AND a.layer_id = ? AND a.ino = " + table
                            + ".ino)",
                    into,
                    from);
        }
        execute(
                "DELETE FROM inodes WHERE tenant_id = ? AND layer_id = ? AND type = " + InodeRow.TOMBSTONE
                        + hidesNothing("inodes", "b.ino = inodes.ino", below),
                from);
        for (String table : LAYER_TABLES) {
            execute("UPDATE " + table + " SET layer_id = " + into + " WHERE tenant_id = ? AND layer_id = ?", from);
        }
        PreparedStatement st = sql.get("DELETE FROM layers WHERE tenant_id = ? AND id = ?");
        st.setLong(1, tenant);
        st.setLong(2, from);
        st.executeUpdate();
    }

    /**
     * What keeps scratch layer {@code from} from being merged into the tree it was opened on, or
     * null: a change of another process since the scratch layer was made that the merge would
     * break. {@code view} is the scratch tree's chain (the scratch layer on the tenant's tree).
     * Two cases: an entry the run added lies in a directory that no longer exists, and a directory
     * the run removed has been given entries.
     */
    String mergeConflict(long from, LayerChain view) throws SQLException {
        PreparedStatement parents = sql.get("SELECT d.parent, MIN(d.name) FROM dirents d WHERE d.tenant_id = ?"
                + " AND d.layer_id = ? AND d.ino <> 0 GROUP BY d.parent");
        parents.setLong(1, tenant);
        parents.setLong(2, from);
        Map<Long, String> added = new TreeMap<>();
        try (ResultSet rs = parents.executeQuery()) {
            while (rs.next()) {
                added.put(rs.getLong(1), rs.getString(2));
            }
        }
        // The directory must still have a name: the run's own copy of its inode (copied up when the
        // run added the entry) says nothing about whether another process removed it.
        PreparedStatement named = sql.get("SELECT 1 FROM dirents d WHERE d.tenant_id = ? AND d.ino = ? AND "
                + view.contains("d.layer_id") + view.visibleEntry() + " LIMIT 1");
        for (Map.Entry<Long, String> e : added.entrySet()) {
            if (e.getKey() == SqlFilesystem.ROOT) {
                continue;
            }
            named.setLong(1, tenant);
            named.setLong(2, e.getKey());
            try (ResultSet rs = named.executeQuery()) {
                if (!rs.next()) {
                    return "another process removed the directory the run created '" + e.getValue() + "' in";
                }
            }
        }
        PreparedStatement removed =
                sql.get("SELECT ino FROM inodes WHERE tenant_id = ? AND layer_id = ? AND type = " + InodeRow.TOMBSTONE);
        removed.setLong(1, tenant);
        removed.setLong(2, from);
        List<Long> tombstones = new ArrayList<>();
        try (ResultSet rs = removed.executeQuery()) {
            while (rs.next()) {
                tombstones.add(rs.getLong(1));
            }
        }
        PreparedStatement entries = sql.get("SELECT d.name FROM dirents d WHERE d.tenant_id = ? AND d.parent = ? AND "
                + view.contains("d.layer_id") + " AND d.ino <> 0" + view.visibleEntry() + " LIMIT 1");
        for (long ino : tombstones) {
            entries.setLong(1, tenant);
            entries.setLong(2, ino);
            try (ResultSet rs = entries.executeQuery()) {
                if (rs.next()) {
                    return "another process added '" + rs.getString(1) + "' to a directory the run removed";
                }
            }
        }
        return null;
    }

    /** The chunk hashes of {@code into}'s chunk maps that merging {@code from} into it replaces. */
    Set<ChunkHash> chunksReplacedByMerge(long from, long into) throws SQLException {
        PreparedStatement st = sql.get(
                "SELECT DISTINCT f.hash FROM file_chunks f WHERE f.tenant_id = ? AND f.layer_id = ?"
                        + " AND EXISTS (SELECT 1 FROM inodes a WHERE a.tenant_id = f.tenant_id AND a.layer_id = ? AND a.ino = f.ino)");
        st.setLong(1, tenant);
        st.setLong(2, into);
        st.setLong(3, from);
        Set<ChunkHash> hashes = new HashSet<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                hashes.add(new ChunkHash(rs.getBytes(1)));
            }
        }
        return hashes;
    }

    /**
     * Squashes each anonymous layer that has exactly one child with that child, so that chains
     * grow with the snapshots that exist, not with every snapshot ever taken: the child's rows are
     * merged into the parent ({@link #merge}), and the parent takes the child's place (its names,
     * its children, the tenant's top). Returns how many layers went. Call only when no other tree
     * of the tenant is open: their chains name the layers that disappear.
     */
    int compact() throws SQLException {
        int squashed = 0;
        for (boolean again = true; again; ) {
            again = false;
            Set<Long> named = new HashSet<>();
            for (Snapshot s : snapshots()) {
                named.add(s.layer());
            }
            List<Row> rows = all();
            for (Row parent : rows) {
                List<Row> children =
                        rows.stream().filter(r -> r.parent() == parent.id()).toList();
                if (parent.scratch()
                        || named.contains(parent.id())
                        || children.size() != 1
                        || children.get(0).scratch()) {
                    continue;
                }
                long child = children.get(0).id();
                merge(child, parent.id(), LayerChain.below(sql, tenant, parent.id()));
                execute("UPDATE layers SET parent = " + parent.id() + " WHERE tenant_id = ? AND parent = ?", child);
                execute(
                        "UPDATE snapshots SET layer_id = " + parent.id() + " WHERE tenant_id = ? AND layer_id = ?",
                        child);
                PreparedStatement top = sql.get("UPDATE tenants SET top_layer = ? WHERE id = ? AND top_layer = ?");
                top.setLong(1, parent.id());
                top.setLong(2, tenant);
                top.setLong(3, child);
                top.executeUpdate();
                squashed++;
                again = true;
                break;
            }
        }
        return squashed;
    }

    /** {@code AND NOT EXISTS (...)}: no layer of {@code below} has a row matching {@code match}. */
    private static String hidesNothing(String table, String match, String below) {
        if (below == null) {
            return "";
        }
        return " AND NOT EXISTS (SELECT 1 FROM " + table + " b WHERE b.tenant_id = " + table + ".tenant_id AND " + match
                + " AND b.layer_id IN " + below + ")";
    }

    /** Runs a statement whose parameters are the tenant, then {@code layers}. */
    private void execute(String statement, long... layers) throws SQLException {
        PreparedStatement st = sql.get(statement);
        st.setLong(1, tenant);
        for (int i = 0; i < layers.length; i++) {
            st.setLong(i + 2, layers[i]);
        }
        st.executeUpdate();
    }
}
