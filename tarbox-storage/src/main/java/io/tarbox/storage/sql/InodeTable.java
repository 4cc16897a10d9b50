package io.tarbox.storage.sql;

import com.github.benmanes.caffeine.cache.Cache;
import io.tarbox.core.fs.FileType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads and writes one tenant's rows of {@code inodes}, through the attribute cache. Every write
 * keeps the cache equal to what the (possibly uncommitted) transaction holds.
 *
 * <p>Attribute changes (mode, nlink, times) are deferred: kept in memory and written once per inode
 * by {@link #flushDeferred} before the commit. A directory that gains a thousand entries in one
 * group commit is then updated once, not a thousand times (PostgreSQL in particular slows down when
 * one row is rewritten many times in a transaction).
 *
 * <p>Layers (see {@link LayerChain}): a row is read from the highest layer of the chain that has
 * one, and changed only in the top layer: the first change of an inode whose row lies lower
 * copies the row, with its chunk map, up ({@link #ownInTop}). Freeing an inode that a lower layer
 * still holds leaves a tombstone in the top layer.
 */
final class InodeTable {
    /** Inode numbers reserved from {@code tenants.next_ino} per round trip. */
    private static final int ALLOCATION_BLOCK = 1024;

    private static final String COLUMNS = "ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns, symlink_target,"
            + " inline_data IS NOT NULL, layer_id";
    private static final String ALL_COLUMNS = "tenant_id, ino, layer_id, type, mode, nlink, size, atime_ns, mtime_ns,"
            + " ctime_ns, symlink_target, inline_data";

    private final Statements sql;
    private final SqlDialect dialect;
    /** Where inode numbers are reserved apart from this tree's transaction, if the dialect does. */
    private final StoreConnection store;

    private final long tenant;
    private final Supplier<LayerChain> chain;
    private final Cache<Long, InodeRow> cache;
    /** Rows whose attributes changed since the last {@link #flushDeferred}; they win over the cache. */
    private Map<Long, InodeRow> deferred = new TreeMap<>();
    /**
     * The change of each deferred row's nlink. It is written as {@code nlink = nlink + delta}, so
     * that two processes adding subdirectories to one directory (or links to one file) both count.
     */
    private Map<Long, Long> nlinkDeltas = new HashMap<>();
    /** Inodes freed since the last {@link #flushDeferred}: their rows go then (see {@link #delete}). */
    private TreeSet<Long> freed = new TreeSet<>();

    /**
     * The inline content of small files this tree last wrote or read, each with the row it goes
     * with. It is used only while the row a caller holds is equal to that row, field by field: a
     * change of the content, by this tree or another process, always gives the row a new ctime
     * (nanoseconds, set by the writer, never by a user) and mtime, and another process's change
     * makes this tree read its rows again; a rolled-back write forgets its entry. Saves a round trip
     * per read of a small file (a quarter of fsmeta's statements on PostgreSQL).
     */
    private final Cache<Long, InlineContent> inlineContents;

    /** A small file's content and the row it was read or written with. */
    record InlineContent(InodeRow row, byte[] data) {
        /** The content and about what the entry and its row cost besides. */
        int weight() {
            return data.length + 160;
        }
    }

    private long nextIno;
    private long allocatedUpTo;
    /** Where changes of {@link #deferred}, {@link #nlinkDeltas} and the reservation are logged. */
    private final UndoLog undo;

    InodeTable(
            Statements sql,
            SqlDialect dialect,
            StoreConnection store,
            long tenant,
            Supplier<LayerChain> chain,
            Cache<Long, InodeRow> cache,
            Cache<Long, InlineContent> inlineContents,
            UndoLog undo) {
        this.sql = sql;
        this.dialect = dialect;
        this.store = store;
        this.tenant = tenant;
        this.chain = chain;
        this.cache = cache;
        this.inlineContents = inlineContents;
        this.undo = undo;
    }

    /** Sets (row non-null) or removes the deferred row of {@code ino}, logging the change. */
    private void setDeferred(long ino, InodeRow row) {
        InodeRow before = row == null ? deferred.remove(ino) : deferred.put(ino, row);
        if (before != row) {
            undo.record(() -> {
                if (before == null) {
                    deferred.remove(ino);
                } else {
                    deferred.put(ino, before);
                }
            });
        }
    }

    /** Sets (delta non-null) or removes the nlink change of {@code ino}, logging the change. */
    private void setDelta(long ino, Long delta) {
        Long before = delta == null ? nlinkDeltas.remove(ino) : nlinkDeltas.put(ino, delta);
        undo.record(() -> {
            if (before == null) {
                nlinkDeltas.remove(ino);
            } else {
                nlinkDeltas.put(ino, before);
            }
        });
    }

    /** The row, or null when no such inode exists. */
    InodeRow find(long ino) throws SQLException {
        if (freed.contains(ino)) {
            return null;
        }
        InodeRow row = deferred.get(ino);
        if (row != null) {
            return row;
        }
        row = cache.getIfPresent(ino);
        if (row != null) {
            return row;
        }
        PreparedStatement st = sql.get("SELECT " + COLUMNS + " FROM inodes WHERE tenant_id = ? AND ino = ?" + " AND "
                + chain.get().contains("layer_id") + " ORDER BY layer_id DESC LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next() || rs.getInt(2) == InodeRow.TOMBSTONE) {
                return null;
            }
            row = read(rs);
        }
        cache.put(ino, row);
        return row;
    }

    /**
     * The rows of {@code inos} as {@link #find} returns each (inodes that do not exist are left
     * out), those neither changed by this tree nor cached read in one query.
     */
    Map<Long, InodeRow> findAll(Collection<Long> inos) throws SQLException {
        Map<Long, InodeRow> rows = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (long ino : inos) {
            if (freed.contains(ino)) {
                continue;
            }
            InodeRow row = deferred.get(ino);
            if (row == null) {
                row = cache.getIfPresent(ino);
            }
            if (row != null) {
                rows.put(ino, row);
            } else {
                missing.add(ino);
            }
        }
        if (missing.isEmpty()) {
            return rows;
        }
        // The highest layer's row of each: rows come by inode, highest layer first.
        PreparedStatement st = sql.get("SELECT " + COLUMNS + " FROM inodes WHERE tenant_id = ? AND "
                + dialect.inNumbers("ino") + " AND " + chain.get().contains("layer_id")
                + " ORDER BY ino, layer_id DESC");
        st.setLong(1, tenant);
        dialect.bindNumbers(sql, st, 2, missing);
        try (ResultSet rs = st.executeQuery()) {
            long previous = 0;
            while (rs.next()) {
                long ino = rs.getLong(1);
                if (ino == previous) {
                    continue; // a lower layer's row
                }
                previous = ino;
                if (rs.getInt(2) != InodeRow.TOMBSTONE) {
                    InodeRow row = read(rs);
                    cache.put(ino, row);
                    rows.put(ino, row);
                }
            }
        }
        return rows;
    }

    /**
     * The row with its size, content placement and layer as the database has them now (other
     * processes' commits included, not the cache's), locked until the transaction ends
     * (PostgreSQL); attributes this tree changed and not yet flushed are kept. Or null when the
     * inode is gone. Call inside the write transaction: it is how appends find the file's end.
     */
    InodeRow findLocked(long ino) throws SQLException {
        if (freed.contains(ino)) {
            return null;
        }
        PreparedStatement st = sql.get("SELECT " + COLUMNS + " FROM inodes WHERE tenant_id = ? AND ino = ?" + " AND "
                + chain.get().contains("layer_id") + " ORDER BY layer_id DESC LIMIT 1" + dialect.lockRows());
        st.setLong(1, tenant);
        st.setLong(2, ino);
        InodeRow stored;
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next() || rs.getInt(2) == InodeRow.TOMBSTONE) {
                cache.invalidate(ino);
                return null;
            }
            stored = read(rs);
        }
        cache.put(ino, stored);
        InodeRow mine = deferred.get(ino);
        return mine == null
                ? stored
                : mine.withContent(stored.size(), mine.mtimeNs(), mine.ctimeNs(), stored.inline())
                        .inLayer(stored.layer());
    }

    /**
     * {@code row} as a row of the top layer: copied up there (with its chunk map) if it lies in a
     * lower layer. Call inside the write transaction before changing the inode.
     */
    InodeRow ownInTop(InodeRow row) throws SQLException {
        long top = chain.get().top();
        if (row.layer() == top) {
            return row;
        }
        PreparedStatement copy =
                sql.get("INSERT INTO inodes (" + ALL_COLUMNS + ") SELECT tenant_id, ino, ?, type, mode,"
                        + " nlink, size, atime_ns, mtime_ns, ctime_ns, symlink_target, inline_data FROM inodes"
                        + " WHERE tenant_id = ? AND ino = ? AND layer_id = ?");
        copy.setLong(1, top);
        copy.setLong(2, tenant);
        copy.setLong(3, row.ino());
        copy.setLong(4, row.layer());
        copy.executeUpdate();
        PreparedStatement chunks = sql.get(
                "INSERT INTO file_chunks (tenant_id, ino, layer_id, idx, hash)"
                        + " SELECT tenant_id, ino, ?, idx, hash FROM file_chunks WHERE tenant_id = ? AND ino = ? AND layer_id = ?");
        chunks.setLong(1, top);
        chunks.setLong(2, tenant);
        chunks.setLong(3, row.ino());
        chunks.setLong(4, row.layer());
        chunks.executeUpdate();
        InodeRow owned = row.inLayer(top);
        cache.put(owned.ino(), owned);
        InodeRow mine = deferred.get(owned.ino());
        if (mine != null) {
            setDeferred(owned.ino(), mine.inLayer(top));
        }
        return owned;
    }

    /** The layer this table writes to. */
    long top() {
        return chain.get().top();
    }

    /** A fresh inode number; call inside the write transaction that inserts the inode. */
    long allocate() throws SQLException {
        long next = nextIno;
        long upTo = allocatedUpTo;
        undo.record(
                () -> { // a rolled-back reservation (SQLite) is no reservation
                    nextIno = next;
                    allocatedUpTo = upTo;
                });
        if (nextIno >= allocatedUpTo) {
            nextIno = dialect.allocateInodeBlock(sql, store, tenant, ALLOCATION_BLOCK);
            allocatedUpTo = nextIno + ALLOCATION_BLOCK;
        }
        return nextIno++;
    }

    /**
     * Forgets deferred changes and reserved inode numbers; called after a rollback, which undid the
     * reservation (SQLite) or left its numbers unused for good (PostgreSQL).
     */
    void discard() {
        deferred.clear();
        nlinkDeltas.clear();
        freed.clear();
        nextIno = allocatedUpTo = 0;
    }

    /**
     * Inserts {@code row} together with the entry {@code name} in {@code parent} that names it
     * (see SqlDialect#insertEntryWithInode); false, having changed nothing, when the top layer has
     * a row for the name already or the dialect has no such statement: then the caller adds them
     * one by one.
     */
    boolean insertNamed(InodeRow row, long parent, String name) throws SQLException {
        String query = dialect.insertEntryWithInode();
        if (query == null) {
            return false;
        }
        PreparedStatement st = sql.get(query);
        st.setLong(1, tenant);
        st.setLong(2, row.layer());
        st.setLong(3, parent);
        st.setString(4, name);
        st.setLong(5, row.ino());
        st.setLong(6, tenant);
        st.setLong(7, row.layer());
        st.setInt(8, InodeRow.typeCode(row.type()));
        st.setInt(9, row.mode());
        st.setLong(10, row.nlink());
        st.setLong(11, row.size());
        st.setLong(12, row.atimeNs());
        st.setLong(13, row.mtimeNs());
        st.setLong(14, row.ctimeNs());
        st.setString(15, row.symlinkTarget());
        if (st.executeUpdate() == 0) {
            return false;
        }
        cache.put(row.ino(), row);
        return true;
    }

    void insert(InodeRow row) throws SQLException {
        PreparedStatement st =
                sql.get("INSERT INTO inodes (tenant_id, ino, layer_id, type, mode, nlink, size, atime_ns,"
                        + " mtime_ns, ctime_ns, symlink_target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        st.setLong(1, tenant);
        st.setLong(2, row.ino());
        st.setLong(3, row.layer());
        st.setInt(4, InodeRow.typeCode(row.type()));
        st.setInt(5, row.mode());
        st.setLong(6, row.nlink());
        st.setLong(7, row.size());
        st.setLong(8, row.atimeNs());
        st.setLong(9, row.mtimeNs());
        st.setLong(10, row.ctimeNs());
        st.setString(11, row.symlinkTarget());
        st.executeUpdate();
        cache.put(row.ino(), row);
    }

    /**
     * Changes mode, nlink and times (not size or content: see {@link #updateContent}); written to the
     * database by {@link #flushDeferred}.
     */
    void updateAttributes(InodeRow row) throws SQLException {
        InodeRow before = find(row.ino());
        if (before != null) {
            before = ownInTop(before);
        }
        row = row.inLayer(chain.get().top());
        long delta = before == null ? 0 : row.nlink() - before.nlink();
        if (delta != 0) {
            setDelta(row.ino(), nlinkDeltas.getOrDefault(row.ino(), 0L) + delta);
        }
        setDeferred(row.ino(), row);
        cache.put(row.ino(), row);
    }

    boolean hasDeferred() {
        return !deferred.isEmpty() || !freed.isEmpty();
    }

    /**
     * Locks, in inode order, the top layer's rows a commit is about to update: those of
     * {@code buffered} (files with buffered writes) and of every deferred attribute change. Taken
     * before the commit writes anything, so that two commits lock rows in the same order and never
     * deadlock each other (content and attributes are written in separate passes after it). A
     * no-op on SQLite, whose write transaction excludes other writers anyway.
     */
    void lockForCommit(List<Long> buffered) throws SQLException {
        TreeSet<Long> inos = new TreeSet<>(buffered);
        inos.addAll(deferred.keySet());
        inos.addAll(freed);
        if (!inos.isEmpty()) {
            dialect.lockInodes(sql, tenant, chain.get().top(), inos);
        }
    }

    /**
     * Writes every deferred attribute change, in inode order, then frees the inodes {@link #delete}
     * freed; call inside the write transaction, before commit (after {@link #lockForCommit}).
     */
    void flushDeferred() throws SQLException {
        PreparedStatement st = sql.get("UPDATE inodes SET mode = ?, nlink = nlink + ?, atime_ns = ?, mtime_ns = ?,"
                + " ctime_ns = ? WHERE tenant_id = ? AND ino = ? AND layer_id = ?");
        // One batch per statement: PostgreSQL's driver sends a batch in one round trip, not one
        // per row (fsmeta on PostgreSQL was bound by round trips).
        for (InodeRow row : deferred.values()) {
            st.setInt(1, row.mode());
            st.setLong(2, nlinkDeltas.getOrDefault(row.ino(), 0L));
            st.setLong(3, row.atimeNs());
            st.setLong(4, row.mtimeNs());
            st.setLong(5, row.ctimeNs());
            st.setLong(6, tenant);
            st.setLong(7, row.ino());
            st.setLong(8, row.layer());
            st.addBatch();
        }
        Statements.executeBatch(st);
        if (chain.get().hasLower()) {
            for (long ino : freed) {
                deleteRow(ino);
            }
        } else if (!freed.isEmpty()) {
            PreparedStatement delete = sql.get(DELETE_ROW);
            for (long ino : freed) {
                delete.setLong(1, tenant);
                delete.setLong(2, ino);
                delete.setLong(3, chain.get().top());
                delete.addBatch();
            }
            Statements.executeBatch(delete);
        }
        Map<Long, InodeRow> written = deferred;
        Map<Long, Long> writtenDeltas = nlinkDeltas;
        TreeSet<Long> deleted = freed;
        undo.record(() -> {
            deferred = written;
            nlinkDeltas = writtenDeltas;
            freed = deleted;
        });
        deferred = new TreeMap<>();
        nlinkDeltas = new HashMap<>();
        freed = new TreeSet<>();
    }

    private static final String UPDATE_CONTENT =
            "UPDATE inodes SET size = ?, mtime_ns = ?, ctime_ns = ?, inline_data = ?"
                    + " WHERE tenant_id = ? AND ino = ? AND layer_id = ?";

    /** Forgets the content changes {@link #updateContent} batched and {@link #writeContent} did not send (a failed step). */
    void discardContent() throws SQLException {
        sql.get(UPDATE_CONTENT).clearBatch();
    }

    /** Sends the content changes {@link #updateContent} batched, in one round trip. */
    void writeContent() throws SQLException {
        Statements.executeBatch(sql.get(UPDATE_CONTENT));
    }

    /**
     * Batches (see {@link #writeContent}, called before anything reads the rows again) a write of
     * size, mtime, ctime and the inline content: {@code inlineData} is the whole file when
     * {@code row.inline()}, and ignored (the column cleared) otherwise.
     */
    void updateContent(InodeRow row, byte[] inlineData) throws SQLException {
        row = ownInTop(row);
        PreparedStatement st = sql.get(UPDATE_CONTENT);
        st.setLong(1, row.size());
        st.setLong(2, row.mtimeNs());
        st.setLong(3, row.ctimeNs());
        if (row.inline()) {
            st.setBytes(4, inlineData);
        } else {
            st.setNull(4, Types.BINARY);
        }
        st.setLong(5, tenant);
        st.setLong(6, row.ino());
        st.setLong(7, row.layer());
        st.addBatch(); // sent by writeContent
        cache.put(row.ino(), row);
        keepInline(row, row.inline() ? inlineData : null);
        long ino = row.ino();
        undo.record(() -> inlineContents.invalidate(ino));
        if (deferred.containsKey(row.ino())) {
            setDeferred(row.ino(), row); // row carries the latest attributes
        }
    }

    /** The inline content of a small file (possibly shorter than its size: the rest is zeros). */
    byte[] inlineData(InodeRow row) throws SQLException {
        byte[] data = storedInlineData(row);
        return data == null ? new byte[0] : data;
    }

    /**
     * The inline content as stored, or null when the file is not (any more) stored inline: another
     * process may have moved it to chunks since this one cached its row.
     */
    byte[] storedInlineData(InodeRow row) throws SQLException {
        InlineContent kept = inlineContents.getIfPresent(row.ino());
        if (kept != null && kept.row().equals(row)) {
            return kept.data().clone();
        }
        PreparedStatement st =
                sql.get("SELECT inline_data FROM inodes WHERE tenant_id = ? AND ino = ? AND layer_id = ?");
        st.setLong(1, tenant);
        st.setLong(2, row.ino());
        st.setLong(3, row.layer());
        byte[] data;
        try (ResultSet rs = st.executeQuery()) {
            data = rs.next() ? rs.getBytes(1) : null;
        }
        keepInline(row, data);
        return data;
    }

    /** Keeps {@code data} as the inline content that goes with {@code row} (null: forgets it). */
    private void keepInline(InodeRow row, byte[] data) {
        if (data == null) {
            inlineContents.invalidate(row.ino());
        } else {
            inlineContents.put(row.ino(), new InlineContent(row, data.clone()));
        }
    }

    /**
     * Frees an inode in the top layer (its chunk map there must be gone already): from now on it is
     * not found; its row goes at the commit ({@link #flushDeferred}), so that an operation never
     * holds the lock of an inode row that another process's commit may wait for.
     */
    void delete(long ino) {
        cache.invalidate(ino);
        inlineContents.invalidate(ino);
        setDeferred(ino, null);
        if (nlinkDeltas.containsKey(ino)) {
            setDelta(ino, null);
        }
        if (freed.add(ino)) {
            undo.record(() -> freed.remove(ino));
        }
    }

    private static final String DELETE_ROW = "DELETE FROM inodes WHERE tenant_id = ? AND ino = ? AND layer_id = ?";

    /** Deletes a freed inode's row, or, when a lower layer holds one, turns it into a tombstone that hides it. */
    private void deleteRow(long ino) throws SQLException {
        LayerChain layers = chain.get();
        PreparedStatement st = sql.get(DELETE_ROW);
        st.setLong(1, tenant);
        st.setLong(2, ino);
        st.setLong(3, layers.top());
        st.executeUpdate();
        if (layers.hasLower() && heldBelow(layers, ino)) {
            PreparedStatement tomb = sql.get("INSERT INTO inodes (tenant_id, ino, layer_id, type, mode, nlink, size,"
                    + " atime_ns, mtime_ns, ctime_ns) VALUES (?, ?, ?, " + InodeRow.TOMBSTONE + ", 0, 0, 0, 0, 0, 0)");
            tomb.setLong(1, tenant);
            tomb.setLong(2, ino);
            tomb.setLong(3, layers.top());
            tomb.executeUpdate();
        }
    }

    private boolean heldBelow(LayerChain layers, long ino) throws SQLException {
        PreparedStatement st = sql.get("SELECT 1 FROM inodes WHERE tenant_id = ? AND ino = ? AND "
                + layers.lowerContains("layer_id") + " LIMIT 1");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        try (ResultSet rs = st.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Inodes of the top layer that no entry names any more (kept for open descriptors until the
     * sweep). Lower layers are frozen: what they hold stays as it was.
     */
    List<Long> orphans() throws SQLException {
        PreparedStatement st = sql.get("SELECT ino FROM inodes WHERE tenant_id = ? AND layer_id = ? AND nlink = 0"
                + " AND type <> " + InodeRow.TOMBSTONE);
        st.setLong(1, tenant);
        st.setLong(2, chain.get().top());
        List<Long> result = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getLong(1));
            }
        }
        return result;
    }

    private static InodeRow read(ResultSet rs) throws SQLException {
        FileType type = InodeRow.type(rs.getInt(2));
        return new InodeRow(
                rs.getLong(1),
                type,
                rs.getInt(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getString(9),
                rs.getBoolean(10),
                rs.getLong(11));
    }
}
