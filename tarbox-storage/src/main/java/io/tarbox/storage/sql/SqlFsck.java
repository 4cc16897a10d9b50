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
 * Reports problems, each of a {@link Kind}; {@link #repair} fixes what can be fixed without
 * guessing (link counts, entries naming missing inodes) in the tree's writable top layer.
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
    public record Report(List<String> problems, int inodes, int orphans, List<Problem> details, List<String> repaired) {
        public Report {
            problems = List.copyOf(problems);
            details = List.copyOf(details);
            repaired = List.copyOf(repaired);
        }

        public boolean consistent() {
            return problems.isEmpty();
        }
    }

    /** What is wrong. */
    public enum Kind {
        /** The root directory is missing or not a directory. */
        MISSING_ROOT,
        /** An entry lies in something that is not a directory. */
        ENTRY_OUTSIDE_DIRECTORY,
        /** An entry names an inode that does not exist (repairable: the entry is removed). */
        DANGLING_ENTRY,
        /** A file's nlink is not its number of entries, or a directory's not 2 + its subdirectories (repairable). */
        WRONG_LINK_COUNT,
        /** A directory has no entry, several, or does not reach the root. */
        DETACHED_DIRECTORY,
        /** The root directory has an entry naming it. */
        ROOT_HAS_ENTRY,
        /** Inline data on something that is not a regular file, or longer than its size. */
        INLINE_DATA,
        /** A chunk map of something that is not a regular file, or beside inline data. */
        STRAY_CHUNK,
        /** A chunk a file maps is not stored. */
        MISSING_CHUNK,
        /** A stored chunk does not match its hash. */
        CORRUPT_CHUNK,
        /** A chunk holds bytes past the file's size. */
        SIZE_MISMATCH
    }

    /**
     * One problem. {@code ino}, {@code parent} and {@code name} say where (0 and null where they do
     * not apply); {@code layer} is the layer of the row at fault; {@code expected} what a repair sets.
     */
    public record Problem(Kind kind, String message, long ino, long parent, String name, long layer, long expected) {}

    private record Inode(int type, long nlink, long size, byte[] inline, long layer) {}

    private record Name(long parent, String name) {}

    private record Entry(long ino, long layer) {}

    private final Connection connection;
    private final long tenant;
    private final List<Problem> problems = new ArrayList<>();
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
        for (Map.Entry<Name, Entry> entry : loadEntries().entrySet()) {
            long parent = entry.getKey().parent();
            String name = entry.getKey().name();
            long ino = entry.getValue().ino();
            Inode dir = inodes.get(parent);
            if (dir == null || dir.type != 2) {
                problem(
                        Kind.ENTRY_OUTSIDE_DIRECTORY,
                        "entry '" + name + "' lies in " + parent + ", which is not a directory",
                        ino,
                        parent,
                        name,
                        entry.getValue().layer(),
                        0);
            }
            Inode target = inodes.get(ino);
            if (target == null) {
                problem(
                        Kind.DANGLING_ENTRY,
                        "entry '" + name + "' in " + parent + " names missing inode " + ino,
                        ino,
                        parent,
                        name,
                        entry.getValue().layer(),
                        0);
                continue;
            }
            entriesOf.computeIfAbsent(ino, k -> new ArrayList<>()).add(new long[] {parent});
            if (target.type == 2) {
                subdirs.merge(parent, 1, Integer::sum);
            }
        }
        Inode root = inodes.get(SqlFilesystem.ROOT);
        if (root == null || root.type != 2) {
            problem(Kind.MISSING_ROOT, "the root directory is missing", SqlFilesystem.ROOT, 0, null, 0, 0);
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
                problem(
                        Kind.WRONG_LINK_COUNT,
                        "inode " + ino + " has nlink " + inode.nlink + " but " + entries.size() + " entries",
                        ino,
                        0,
                        null,
                        inode.layer,
                        entries.size());
            }
            if (inode.inline != null && (inode.type != 1 || inode.inline.length > inode.size)) {
                problem(
                        Kind.INLINE_DATA,
                        "inode " + ino + " holds " + inode.inline.length + " inline bytes for size " + inode.size,
                        ino,
                        0,
                        null,
                        inode.layer,
                        0);
            }
        }
        checkChunks(inodes);
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add(p.message()));
        return new Report(lines, inodes.size(), orphans, problems, List.of());
    }

    private void checkDirectory(
            long ino,
            Inode dir,
            List<long[]> entries,
            int subdirs,
            Map<Long, Inode> inodes,
            Map<Long, List<long[]>> entriesOf) {
        if (dir.nlink != 2 + subdirs) {
            problem(
                    Kind.WRONG_LINK_COUNT,
                    "directory " + ino + " has nlink " + dir.nlink + " but " + subdirs + " subdirectories",
                    ino,
                    0,
                    null,
                    dir.layer,
                    2 + subdirs);
        }
        if (ino == SqlFilesystem.ROOT) {
            if (!entries.isEmpty()) {
                problem(Kind.ROOT_HAS_ENTRY, "the root directory has an entry naming it", ino, 0, null, 0, 0);
            }
            return;
        }
        if (entries.size() != 1) {
            problem(
                    Kind.DETACHED_DIRECTORY,
                    "directory " + ino + " has " + entries.size() + " entries (must be 1)",
                    ino,
                    0,
                    null,
                    dir.layer,
                    0);
            return;
        }
        long d = ino;
        for (int depth = 0; d != SqlFilesystem.ROOT; depth++) {
            List<long[]> up = entriesOf.get(d);
            if (up == null || up.isEmpty() || depth > inodes.size()) {
                problem(
                        Kind.DETACHED_DIRECTORY,
                        "directory " + ino + " does not reach the root",
                        ino,
                        0,
                        null,
                        dir.layer,
                        0);
                return;
            }
            d = up.get(0)[0];
        }
    }

    private void checkChunks(Map<Long, Inode> inodes) throws SQLException {
        try (ResultSet rs =
                query("SELECT f.ino, f.idx, f.hash, c.data, f.layer_id FROM file_chunks f LEFT JOIN chunks c"
                        + " ON c.tenant_id = f.tenant_id AND c.hash = f.hash WHERE f.tenant_id = ? AND f.layer_id IN "
                        + chain)) {
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
                long layer = rs.getLong(5);
                if (inode == null || inode.type != 1) {
                    problem(Kind.STRAY_CHUNK, where + " belongs to no regular file", ino, 0, null, layer, 0);
                    continue;
                }
                if (inode.inline != null) {
                    problem(Kind.STRAY_CHUNK, where + " exists beside inline data", ino, 0, null, layer, 0);
                }
                if (data == null) {
                    problem(Kind.MISSING_CHUNK, where + " is missing (" + hash + ")", ino, 0, null, layer, 0);
                    continue;
                }
                if (!ChunkHash.of(data, data.length).equals(hash)) {
                    problem(Kind.CORRUPT_CHUNK, where + " does not match its hash " + hash, ino, 0, null, layer, 0);
                }
                if (data.length > ChunkStore.CHUNK_SIZE || idx * ChunkStore.CHUNK_SIZE + data.length > inode.size) {
                    problem(
                            Kind.SIZE_MISMATCH,
                            where + " holds " + data.length + " bytes past the size " + inode.size,
                            ino,
                            0,
                            null,
                            layer,
                            0);
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
                inodes.put(
                        rs.getLong(1),
                        new Inode(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getBytes(5), rs.getLong(6)));
            }
        }
        inodes.values().removeIf(inode -> inode.type == InodeRow.TOMBSTONE);
        return inodes;
    }

    /** The entries the chain shows: the highest layer's row of each name, whiteouts left out. */
    private Map<Name, Entry> loadEntries() throws SQLException {
        Map<Name, Entry> entries = new HashMap<>();
        try (ResultSet rs = query("SELECT parent, name, ino, layer_id FROM dirents WHERE tenant_id = ? AND layer_id IN "
                + chain + " ORDER BY layer_id")) {
            while (rs.next()) {
                entries.put(new Name(rs.getLong(1), rs.getString(2)), new Entry(rs.getLong(3), rs.getLong(4)));
            }
        }
        entries.values().removeIf(entry -> entry.ino() == 0);
        return entries;
    }

    private void problem(Kind kind, String message, long ino, long parent, String name, long layer, long expected) {
        problems.add(new Problem(kind, message, ino, parent, name, layer, expected));
    }

    /**
     * Checks, then fixes in one transaction what can be fixed without guessing, in the tree's
     * writable top layer: a wrong link count is set to what the entries say; an entry naming a
     * missing inode is removed. Rows of snapshot layers, lost or corrupt data and detached
     * directories are left as they are (and reported again). Returns the check after the repair,
     * with what was done in {@link Report#repaired}. The caller makes sure no tree of the tenant
     * is open.
     */
    Report repair() throws SQLException {
        Report before = check();
        long top;
        try (Statements sql = new Statements(connection)) {
            top = new LayerTable(sql, tenant).top();
        }
        List<String> done = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Problem p : before.details()) {
                if (p.layer() != top) {
                    continue;
                }
                if (p.kind() == Kind.WRONG_LINK_COUNT) {
                    update(
                            "UPDATE inodes SET nlink = ? WHERE tenant_id = ? AND ino = ? AND layer_id = ?",
                            p.expected(),
                            p.ino(),
                            top);
                    done.add("set the nlink of inode " + p.ino() + " to " + p.expected());
                } else if (p.kind() == Kind.DANGLING_ENTRY) {
                    try (PreparedStatement st = connection.prepareStatement(
                            "DELETE FROM dirents WHERE tenant_id = ? AND parent = ? AND name = ? AND layer_id = ?")) {
                        st.setLong(1, tenant);
                        st.setLong(2, p.parent());
                        st.setString(3, p.name());
                        st.setLong(4, top);
                        st.executeUpdate();
                    }
                    done.add("removed entry '" + p.name() + "' in " + p.parent() + " (it named missing inode " + p.ino()
                            + ")");
                }
            }
            if (!done.isEmpty()) {
                try (PreparedStatement bump =
                        connection.prepareStatement("UPDATE tenants SET version = version + 1 WHERE id = ?")) {
                    bump.setLong(1, tenant); // open trees forget what they cached
                    bump.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        problems.clear();
        Report after = check();
        return new Report(after.problems(), after.inodes(), after.orphans(), after.details(), done);
    }

    private void update(String statement, long value, long ino, long layer) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(statement)) {
            st.setLong(1, value);
            st.setLong(2, tenant);
            st.setLong(3, ino);
            st.setLong(4, layer);
            st.executeUpdate();
        }
    }

    private ResultSet query(String sql) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        st.closeOnCompletion();
        st.setLong(1, tenant);
        return st.executeQuery();
    }
}
