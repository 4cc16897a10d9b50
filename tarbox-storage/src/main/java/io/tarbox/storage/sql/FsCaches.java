package io.tarbox.storage.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Caffeine caches of one open filesystem, each bounded so that Tarbox runs in a small heap.
 * They hold what the filesystem's own transaction holds (every write updates them); changes other
 * processes commit are noticed through the tenant's version (see {@link TenantVersion} and
 * {@code SqlFilesystem.refresh}), which makes the filesystem {@link #forgetRows forget} its rows.
 * Maintenance runs on the calling thread (no background pool).
 *
 * @param attributes inode rows by inode number
 * @param entries inode numbers by (directory, name), including misses
 * @param chunks chunk bytes by content hash, weighed by length
 * @param chunkMaps per-file chunk maps, weighed by number of chunks
 * @param inlineContents the content of small files kept in their inode rows, with the row it
 *     goes with (see {@link InodeTable#storedInlineData}), weighed by length
 * @param completeDirs directories all of whose entries are in {@code entries} (see
 *     {@link DirentTable#created}); a directory leaves the set as soon as one of its entries
 *     leaves the cache, by eviction or invalidation
 */
record FsCaches(
        Cache<Long, InodeRow> attributes,
        Cache<DirentTable.Key, Long> entries,
        Cache<ChunkHash, byte[]> chunks,
        Cache<Long, NavigableMap<Long, ChunkHash>> chunkMaps,
        Cache<Long, InodeTable.InlineContent> inlineContents,
        Set<Long> completeDirs) {

    static final long MAX_INODES = 50_000;
    static final long MAX_ENTRIES = 50_000;
    static final long MAX_CHUNK_BYTES = 4L << 20;
    static final long MAX_CHUNK_MAP_ENTRIES = 100_000;
    static final long MAX_INLINE_CONTENT_BYTES = 8L << 20;

    static FsCaches create() {
        Set<Long> completeDirs = ConcurrentHashMap.newKeySet();
        return new FsCaches(
                Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumSize(MAX_INODES)
                        .build(),
                Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumSize(MAX_ENTRIES)
                        // Runs as the entry is evicted (not later): no lookup sees the gap.
                        .evictionListener(
                                (DirentTable.Key key,
                                        Long ino,
                                        com.github.benmanes.caffeine.cache.RemovalCause cause) ->
                                        completeDirs.remove(key.parent()))
                        .build(),
                Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumWeight(MAX_CHUNK_BYTES)
                        .weigher((ChunkHash hash, byte[] data) -> data.length)
                        .build(),
                Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumWeight(MAX_CHUNK_MAP_ENTRIES)
                        .weigher((Long ino, NavigableMap<Long, ChunkHash> map) -> Math.max(1, map.size()))
                        .build(),
                Caffeine.newBuilder()
                        .executor(Runnable::run)
                        .maximumWeight(MAX_INLINE_CONTENT_BYTES)
                        .weigher((Long ino, InodeTable.InlineContent kept) -> kept.weight())
                        .build(),
                completeDirs);
    }

    /**
     * Forgets the cached rows (attributes, entries, chunk maps), e.g. when another process has
     * committed changes. Chunk bytes stay: a chunk's key is the hash of its bytes, so they are
     * never stale.
     */
    void forgetRows() {
        completeDirs.clear();
        attributes.invalidateAll();
        entries.invalidateAll();
        chunkMaps.invalidateAll();
        inlineContents.invalidateAll();
    }

    /** Forgets everything, e.g. after a rollback made the cached rows untrue. */
    void clear() {
        completeDirs.clear();
        attributes.invalidateAll();
        entries.invalidateAll();
        chunks.invalidateAll();
        chunkMaps.invalidateAll();
        inlineContents.invalidateAll();
    }
}
