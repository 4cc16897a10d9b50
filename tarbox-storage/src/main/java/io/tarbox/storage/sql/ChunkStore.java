package io.tarbox.storage.sql;

import com.github.benmanes.caffeine.cache.Cache;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * One tenant's chunked file data: the content-addressed {@code chunks} (stored once per tenant)
 * and each file's chunk map {@code file_chunks} (index to hash). Chunks no map refers to any more
 * are deleted by {@link #collect}, so there are no reference counts to keep right.
 *
 * <p>A file's chunk map lives in the layer of its inode row ({@link InodeRow#layer}); it is
 * changed only in the top layer, after {@link InodeTable#ownInTop} copied it there. Chunks are
 * shared by every layer of the tenant, so a snapshot costs no data and a chunk is stored once.
 */
final class ChunkStore {
    /**
     * Bytes per chunk. 64 KiB: large enough that a 200 MB file is a few thousand rows and SQLite
     * stores each as one overflow chain, small enough that a write into the middle of a file
     * rewrites little and that identical regions of different files still deduplicate.
     */
    static final int CHUNK_SIZE = 64 * 1024;

    private final Statements sql;
    private final SqlDialect dialect;
    private final long tenant;
    private final Cache<ChunkHash, byte[]> data;
    private final Cache<Long, NavigableMap<Long, ChunkHash>> maps;
    /** Whether the open transaction holds the right to refer to chunks (see {@link #write}). */
    private boolean referring;
    /**
     * Chunks written since the last {@link #insertPending}, by hash: inserted together in hash
     * order, so that two transactions storing the same new chunks never wait for each other in a
     * cycle (an insert waits for another transaction's uncommitted insert of the same hash).
     */
    private final TreeMap<ChunkHash, byte[]> pending = new TreeMap<>(ChunkHash.ORDER);

    ChunkStore(
            Statements sql,
            SqlDialect dialect,
            long tenant,
            Cache<ChunkHash, byte[]> data,
            Cache<Long, NavigableMap<Long, ChunkHash>> maps) {
        this.sql = sql;
        this.dialect = dialect;
        this.tenant = tenant;
        this.data = data;
        this.maps = maps;
    }

    /**
     * The stored chunk {@code idx} of a chunked file, or null for a hole. Callers must not modify it.
     * {@code keep}: whether the chunk should stay in the cache when it was not there, which only
     * pays when the caller will soon read more of it (see {@code FileContent.readChunks}).
     */
    byte[] read(InodeRow row, long idx, boolean keep) throws SQLException {
        long ino = row.ino();
        ChunkHash hash = map(row).get(idx);
        if (hash == null) {
            return null;
        }
        byte[] bytes = bytes(hash, keep);
        if (bytes == null) {
            // The cached map is older than the file: another process rewrote it and collected the
            // chunk. Read the map again.
            maps.invalidate(ino);
            hash = map(row).get(idx);
            bytes = hash == null ? null : bytes(hash, keep);
            if (hash != null && bytes == null) {
                throw new SQLException("chunk " + hash + " is missing from the database");
            }
        }
        return bytes;
    }

    /**
     * The file's chunk map, index to hash. The cached map is updated in place by this class (under
     * the filesystem's lock) and re-put so that the cache weighs it again; callers only read it.
     */
    NavigableMap<Long, ChunkHash> map(InodeRow row) throws SQLException {
        long ino = row.ino();
        NavigableMap<Long, ChunkHash> map = maps.getIfPresent(ino);
        if (map != null) {
            return map;
        }
        PreparedStatement st =
                sql.get("SELECT idx, hash FROM file_chunks WHERE tenant_id = ? AND ino = ? AND layer_id = ?");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        st.setLong(3, row.layer());
        TreeMap<Long, ChunkHash> loaded = new TreeMap<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                loaded.put(rs.getLong(1), new ChunkHash(rs.getBytes(2)));
            }
        }
        maps.put(ino, loaded);
        return loaded;
    }

    /**
     * Caches an empty chunk map for {@code ino}, which has no chunks in the top layer: a new inode,
     * or a file whose content just moved into its row. Saves the query of {@link #map}.
     */
    void knownEmpty(long ino) {
        maps.put(ino, new TreeMap<>());
    }

    /** Forgets the cached chunk map of {@code ino}: the next {@link #map} reads it again. */
    void forgetMap(long ino) {
        maps.invalidate(ino);
    }

    /** The chunk's bytes, or null when no such chunk is stored; put in the cache if {@code keep}. */
    private byte[] bytes(ChunkHash hash, boolean keep) throws SQLException {
        byte[] bytes = data.getIfPresent(hash);
        if (bytes != null) {
            return bytes;
        }
        PreparedStatement st = sql.get("SELECT data FROM chunks WHERE tenant_id = ? AND hash = ?");
        st.setLong(1, tenant);
        st.setBytes(2, hash.bytes());
        try (ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            bytes = rs.getBytes(1);
        }
        if (keep) {
            data.put(hash, bytes);
        }
        return bytes;
    }

    /**
     * Stores the first {@code length} bytes of {@code bytes} as chunk {@code idx} of the file; the
     * hash it replaces (if any) goes into {@code released}. {@code row} is in the top layer. The
     * chunk itself is inserted by {@link #insertPending}, before the transaction commits.
     */
    void write(InodeRow row, long idx, byte[] bytes, int length, Set<ChunkHash> released) throws SQLException {
        long ino = row.ino();
        ChunkHash hash = ChunkHash.of(bytes, length);
        NavigableMap<Long, ChunkHash> map = map(row);
        ChunkHash old = map.get(idx);
        if (hash.equals(old)) {
            return;
        }
        if (!referring) {
            // Before the insert below decides that the chunk exists: a collector in another
            // process must not delete it between this transaction's insert and its commit.
            dialect.lockChunkReferences(sql, tenant);
            referring = true;
        }
        pending.computeIfAbsent(hash, h -> length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        PreparedStatement upsert = sql.get(UPSERT_MAP_ENTRY);
        upsert.setLong(1, tenant);
        upsert.setLong(2, ino);
        upsert.setLong(3, row.layer());
        upsert.setLong(4, idx);
        upsert.setBytes(5, hash.bytes());
        upsert.addBatch(); // sent by insertPending, in this order
        if (old != null) {
            released.add(old);
        }
        map.put(idx, hash);
        maps.put(ino, map);
    }

    private static final String UPSERT_MAP_ENTRY = "INSERT INTO file_chunks (tenant_id, ino, layer_id, idx, hash)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, ino, layer_id, idx) DO UPDATE SET hash = excluded.hash";

    /** Forgets chunk-map writes {@link #write} batched and {@link #insertPending} did not send (a failed step). */
    void discardBatched() throws SQLException {
        sql.get(UPSERT_MAP_ENTRY).clearBatch();
    }

    /**
     * Sends the chunk-map entries {@link #write} batched since the last call, then inserts the
     * chunks it took, in hash order (each once per tenant): one batch each, which PostgreSQL's
     * driver sends in one round trip rather than one per chunk.
     */
    void insertPending() throws SQLException {
        Statements.executeBatch(sql.get(UPSERT_MAP_ENTRY));
        if (pending.isEmpty()) {
            return;
        }
        PreparedStatement insert =
                sql.get("INSERT INTO chunks (tenant_id, hash, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        for (Map.Entry<ChunkHash, byte[]> e : pending.entrySet()) {
            insert.setLong(1, tenant);
            insert.setBytes(2, e.getKey().bytes());
            insert.setBytes(3, e.getValue());
            insert.addBatch();
        }
        Statements.executeBatch(insert);
        pending.clear();
    }

    /** Drops chunks {@code firstIdx} and above from the file's map; {@code row} is in the top layer. */
    void deleteFrom(InodeRow row, long firstIdx, Set<ChunkHash> released) throws SQLException {
        long ino = row.ino();
        NavigableMap<Long, ChunkHash> map = map(row);
        NavigableMap<Long, ChunkHash> dropped = map.tailMap(firstIdx, true);
        if (dropped.isEmpty()) {
            return;
        }
        released.addAll(dropped.values());
        PreparedStatement st =
                sql.get("DELETE FROM file_chunks WHERE tenant_id = ? AND ino = ? AND layer_id = ? AND idx >= ?");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        st.setLong(3, row.layer());
        st.setLong(4, firstIdx);
        st.executeUpdate();
        dropped.clear();
        maps.put(ino, map);
    }

    /** Drops the whole chunk map of a file that is being deleted; {@code row} is in the top layer. */
    void deleteAll(InodeRow row, Set<ChunkHash> released) throws SQLException {
        deleteFrom(row, 0, released);
        maps.invalidate(row.ino());
    }

    /** Adds every chunk layer {@code layer} refers to to {@code released} (before the layer is deleted). */
    void release(long layer, Set<ChunkHash> released) throws SQLException {
        PreparedStatement st = sql.get("SELECT DISTINCT hash FROM file_chunks WHERE tenant_id = ? AND layer_id = ?");
        st.setLong(1, tenant);
        st.setLong(2, layer);
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                released.add(new ChunkHash(rs.getBytes(1)));
            }
        }
    }

    /**
     * Deletes the chunks of {@code released} that no file refers to any more, and clears the set.
     * While another process's transaction may refer to chunks (PostgreSQL), nothing is deleted and
     * the set is kept for a later commit.
     */
    void collect(Set<ChunkHash> released) throws SQLException {
        if (released.isEmpty() || !dialect.tryLockChunkCollection(sql, tenant)) {
            return;
        }
        PreparedStatement st = sql.get("DELETE FROM chunks WHERE tenant_id = ? AND hash = ? AND NOT EXISTS"
                + " (SELECT 1 FROM file_chunks f WHERE f.tenant_id = ? AND f.hash = ?)");
        for (ChunkHash hash : released) {
            st.setLong(1, tenant);
            st.setBytes(2, hash.bytes());
            st.setLong(3, tenant);
            st.setBytes(4, hash.bytes());
            if (st.executeUpdate() > 0) {
                data.invalidate(hash);
            }
        }
        released.clear();
    }

    /**
     * Deletes every chunk of the tenant that no file map of any layer refers to ({@code gc});
     * returns {chunks, bytes} deleted. Call inside a transaction holding the collection lock.
     */
    static long[] collectUnreferenced(Statements sql, long tenant) throws SQLException {
        String unreferenced = " FROM chunks WHERE tenant_id = ? AND NOT EXISTS (SELECT 1 FROM file_chunks f"
                + " WHERE f.tenant_id = chunks.tenant_id AND f.hash = chunks.hash)";
        PreparedStatement count = sql.get("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0)" + unreferenced);
        count.setLong(1, tenant);
        long[] result = new long[2];
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            result[0] = rs.getLong(1);
            result[1] = rs.getLong(2);
        }
        PreparedStatement delete = sql.get("DELETE" + unreferenced);
        delete.setLong(1, tenant);
        delete.executeUpdate();
        return result;
    }

    /**
     * Called as a step that may be rolled back starts: a rollback to its savepoint also releases the
     * chunk lock it took, so whether this transaction refers to chunks goes back to what it is now.
     */
    void beginStep(UndoLog undo) {
        boolean before = referring;
        undo.record(() -> {
            referring = before;
            pending.clear(); // taken by a flush that is rolled back and done again
        });
    }

    /** The transaction ended (commit or rollback): its locks are gone. */
    void transactionEnded() {
        referring = false;
        pending.clear();
    }
}
