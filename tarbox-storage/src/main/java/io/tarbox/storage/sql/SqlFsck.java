package io.tarbox.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that one tenant's committed rows form a consistent tree: what a crash must never break.
 * Reports problems rather than repairing them.
 *
 * <ul>
 *   <li>the root exists and is a directory; every entry names an existing inode inside an existing
 *       directory; every directory but the root has exactly one entry and reaches the root;
 *   <li>nlink: a file or symlink has as many entries as its nlink; a directory 2 + its
 *       subdirectories; an inode without entries has nlink 0 (an orphan, counted, not a problem);
 *   <li>data: every chunk a file maps exists and hashes to its key; no chunk holds bytes past the
 *       file's size or more than a chunk; inline data fits the size; only regular files hold data.
 * </ul>
 */
public final class SqlFsck {

    /**
     * The outcome of a check.
     *
     * @param problems one line per inconsistency; empty when the tree is consistent
     * @param inodes number of inodes checked
     * @param orphans inodes with no entry and nlink 0, waiting to be freed
     */
    public record Report(List<String> problems, int inodes, int orphans) {
        public boolean consistent() {
            return problems.isEmpty();
        }
    }

    private record Inode(int type, long nlink, long size, byte[] inline, long layer) {}

    private record Name(long parent, String name) {}

    private final Connection connection;
    private final long tenant;
    private final List<String> problems = new ArrayList<>();
    /** The tenant's current tree: {@code layer_id IN (...)} (see {@link LayerChain}). */
    private String chain;

    SqlFsck(Connection connection, long tenant) {
        this.connection = connection;
        this.tenant = tenant;
    }

    /** Checks the tenant's current tree: the rows its chain of layers shows. */
    Report check() throws SQLException {
        try (Statements sql = new Statements(connection)) {
            long top = new LayerTable(sql, tenant).top();
            chain = LayerChain.readOnly(sql, tenant, top).all();
        }
        Map<Long, Inode> inodes = loadInodes();
        Map<Long, List<long[]>> entriesOf = new HashMap<>(); // ino -> [parent] per entry
        Map<Long, Integer> subdirs = new HashMap<>();
        for (Map.Entry<Name, Long> entry : loadEntries().entrySet()) {
            long parent = entry.getKey().parent();
            String name = entry.getKey().name();
            long ino = entry.getValue();
            Inode dir = inodes.get(parent);
            if (dir == null || dir.type != 2) {
                problems.add("entry '" + name + "' lies in " + parent + ", which is not a directory");
            }
            Inode target = inodes.get(ino);
            if (target == null) {
                problems.add("entry '" + name + "' in " + parent + " names missing inode " + ino);
                continue;
            }
            entriesOf.computeIfAbsent(ino, k -> new ArrayList<>()).add(new long[] {parent});
            if (target.type == 2) {
                subdirs.merge(parent, 1, Integer::sum);
            }
        }
        Inode root = inodes.get(SqlFilesystem.ROOT);
        if (root == null || root.type != 2) {
            problems.add("the root directory is missing");
        }
        int orphans = 0;
        for (Map.Entry<Long, Inode> e : inodes.entrySet()) {
            long ino = e.getKey();
            Inode inode = e.getValue();
            List<long[]> entries = entriesOf.getOrDefault(ino, List.of());
            if (inode.type == 2) {
                checkDirectory(ino, inode, entries, subdirs.getOrDefault(ino, 0), inodes, entriesOf);
            } else if (entries.isEmpty() && inode.nlink == 0) {
                orphans++;
            } else if (inode.nlink != entries.size()) {
                problems.add("inode " + ino + " has nlink " + inode.nlink + " but " + entries.size() + " entries");
            }
            if (inode.inline != null && (inode.type != 1 || inode.inline.length > inode.size)) {
                problems.add("inode " + ino + " holds " + inode.inline.length + " inline bytes for size " + inode.size);
            }
        }
        checkChunks(inodes);
        return new Report(List.copyOf(problems), inodes.size(), orphans);
    }

    private void checkDirectory(long ino, Inode dir, List<long[]> entries, int subdirs, Map<Long, Inode> inodes,
            Map<Long, List<long[]>> entriesOf) {
        if (dir.nlink != 2 + subdirs) {
            problems.add("directory " + ino + " has nlink " + dir.nlink + " but " + subdirs + " subdirectories");
        }
        if (ino == SqlFilesystem.ROOT) {
            if (!entries.isEmpty()) {
                problems.add("the root directory has an entry naming it");
            }
            return;
        }
        if (entries.size() != 1) {
            problems.add("directory " + ino + " has " + entries.size() + " entries (must be 1)");
            return;
        }
        long d = ino;
        for (int depth = 0; d != SqlFilesystem.ROOT; depth++) {
            List<long[]> up = entriesOf.get(d);
            if (up == null || up.isEmpty() || depth > inodes.size()) {
                problems.add("directory " + ino + " does not reach the root");
                return;
            }
            d = up.get(0)[0];
        }
    }

    private void checkChunks(Map<Long, Inode> inodes) throws SQLException {
        try (ResultSet rs = query("SELECT f.ino, f.idx, f.hash, c.data, f.layer_id FROM file_chunks f LEFT JOIN chunks c"
                + " ON c.tenant_id = f.tenant_id AND c.hash = f.hash WHERE f.tenant_id = ? AND f.layer_id IN " + chain)) {
            while (rs.next()) {
                long ino = rs.getLong(1);
                long idx = rs.getLong(2);
                ChunkHash hash = new ChunkHash(rs.getBytes(3));
                byte[] data = rs.getBytes(4);
                String where = "chunk " + idx + " of inode " + ino;
                Inode inode = inodes.get(ino);
                if (inode != null && inode.layer != rs.getLong(5)) {
                    continue; // the map of a row a higher layer replaced
                }
                if (inode == null || inode.type != 1) {
                    problems.add(where + " belongs to no regular file");
                    continue;
                }
                if (inode.inline != null) {
                    problems.add(where + " exists beside inline data");
                }
                if (data == null) {
                    problems.add(where + " is missing (" + hash + ")");
                    continue;
                }
                if (!ChunkHash.of(data, data.length).equals(hash)) {
                    problems.add(where + " does not match its hash " + hash);
                }
                if (data.length > ChunkStore.CHUNK_SIZE || idx * ChunkStore.CHUNK_SIZE + data.length > inode.size) {
                    problems.add(where + " holds " + data.length + " bytes past the size " + inode.size);
                }
            }
        }
    }

    /** The inode rows the chain shows: the highest layer's row of each inode, tombstones left out. */
    private Map<Long, Inode> loadInodes() throws SQLException {
        Map<Long, Inode> inodes = new HashMap<>();
        try (ResultSet rs = query("SELECT ino, type, nlink, size, inline_data, layer_id FROM inodes WHERE tenant_id = ?"
                + " AND layer_id IN " + chain + " ORDER BY layer_id")) {
            while (rs.next()) {
                inodes.put(rs.getLong(1), new Inode(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getBytes(5),
                        rs.getLong(6)));
            }
        }
        inodes.values().removeIf(inode -> inode.type == InodeRow.TOMBSTONE);
        return inodes;
    }

    /** The entries the chain shows: the highest layer's row of each name, whiteouts left out. */
    private Map<Name, Long> loadEntries() throws SQLException {
        Map<Name, Long> entries = new HashMap<>();
        try (ResultSet rs = query("SELECT parent, name, ino FROM dirents WHERE tenant_id = ? AND layer_id IN " + chain
                + " ORDER BY layer_id")) {
            while (rs.next()) {
                entries.put(new Name(rs.getLong(1), rs.getString(2)), rs.getLong(3));
            }
        }
        entries.values().removeIf(ino -> ino == 0);
        return entries;
    }

    private ResultSet query(String sql) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        st.closeOnCompletion();
        st.setLong(1, tenant);
        return st.executeQuery();
    }
}
