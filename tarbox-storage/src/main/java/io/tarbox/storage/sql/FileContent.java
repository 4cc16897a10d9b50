package io.tarbox.storage.sql;

import io.tarbox.storage.sql.WriteBuffer.DirtyFile;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bytes of regular files: reads overlay the {@link WriteBuffer} on the stored data, writes and
 * truncates go to the buffer, {@link #flushAll} moves the buffer into the database (inside the
 * committing transaction; nothing here writes to the database at any other time, so an operation
 * never holds a lock on file rows that another process's commit could wait for). A file of at most
 * {@link #INLINE_MAX} bytes is stored in its inode row; a larger one as {@link ChunkStore#CHUNK_SIZE}
 * chunks. Missing chunks and bytes past a short chunk read as zeros.
 *
 * <p>Appends (O_APPEND) are buffered apart from positional writes and placed when flushed, at the
 * end the file has then in the database: its row is read again, locked (PostgreSQL; SQLite's write
 * lock is held anyway), inside the flushing transaction, so appends of several processes all land.
 * A file never has both kinds buffered: the caller commits one kind before buffering the other.
 */
final class FileContent {
    /** Largest file kept inline in its inode row (one SQLite page holds the row and its data). */
    static final int INLINE_MAX = 4096;

    private static final int CHUNK = ChunkStore.CHUNK_SIZE;

    private final InodeTable inodes;
    private final ChunkStore chunks;
    private final WriteBuffer buffer = new WriteBuffer();
    /** Chunk hashes dropped since the last {@link #flushAll}; collected there. */
    private final Set<ChunkHash> released = new HashSet<>();
    /** Where flushes log the buffered writes they take (see {@link #beginStep}). */
    private final UndoLog undo;

    FileContent(InodeTable inodes, ChunkStore chunks, UndoLog undo) {
        this.inodes = inodes;
        this.chunks = chunks;
        this.undo = undo;
    }

    /**
     * Called as a step that may be rolled back starts: logs how to put back the released hashes
     * (which chunk writes add to and {@link #flushAll} empties) as they are now.
     */
    void beginStep() {
        Set<ChunkHash> before = released.isEmpty() ? Set.of() : new HashSet<>(released);
        undo.record(() -> {
            released.clear();
            released.addAll(before);
        });
    }

    /** {@code row}'s attributes with unflushed writes applied (size, mtime, ctime). */
    InodeRow current(InodeRow row) {
        DirtyFile dirty = buffer.get(row.ino());
        if (dirty == null) {
            return row;
        }
        long size = dirty.appending() ? row.size() + dirty.appendedLength : dirty.size;
        return row.withContent(size, dirty.mtimeNs, Math.max(row.ctimeNs(), dirty.ctimeNs), row.inline());
    }

    /** Whether appends of {@code ino} are buffered (a positional write must flush them first). */
    boolean hasAppends(long ino) {
        DirtyFile dirty = buffer.get(ino);
        return dirty != null && dirty.appending();
    }

    /** Whether positional writes of {@code ino} are buffered (an append must flush them first). */
    boolean hasPositionalWrites(long ino) {
        DirtyFile dirty = buffer.get(ino);
        return dirty != null && !dirty.appending();
    }

    /** Memory held by unflushed writes. */
    long bufferedBytes() {
        return buffer.bytes();
    }

    /** Whether {@link #flushAll} has work: buffered writes, or chunks released but not yet collected. */
    boolean hasPendingWork() {
        return !buffer.isEmpty() || !released.isEmpty();
    }

    /** The inodes with buffered writes or appends, ascending. */
    List<Long> bufferedInodes() {
        return buffer.inodes();
    }

    /** Reads like pread(2); {@code row} is the stored row of a regular file. */
    int read(InodeRow row, long offset, byte[] out, int outOffset, int len) throws SQLException {
        DirtyFile dirty = buffer.get(row.ino());
        long size = current(row).size();
        if (offset >= size || len == 0) {
            return 0;
        }
        int total = (int) Math.min(len, size - offset);
        if (dirty != null && dirty.appending()) {
            // The stored file, then the appends after its end.
            int stored = (int) Math.max(0, Math.min(total, row.size() - offset));
            readChunks(row, null, offset, out, outOffset, stored);
            System.arraycopy(
                    dirty.appended, (int) (offset + stored - row.size()), out, outOffset + stored, total - stored);
        } else {
            readChunks(row, dirty, offset, out, outOffset, total);
        }
        return total;
    }

    /**
     * Copies {@code total} bytes at {@code offset} of the stored file with {@code dirty}'s chunks over it.
     *
     * <p>A chunk this read leaves unfinished (it ends inside it) goes into the chunk cache, since a
     * program reading in small pieces is about to ask for the rest; one it reads to its end does not.
     * A cached chunk outlives young collections and is promoted, so a whole-file scan through a cache
     * that kept every chunk made the collector copy the whole cache again and again
     * (docs/benchmarks.md, "sixth round").
     */
    private void readChunks(InodeRow row, DirtyFile dirty, long offset, byte[] out, int outOffset, int total)
            throws SQLException {
        int done = 0;
        while (done < total) {
            long pos = offset + done;
            long idx = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = Math.min(total - done, CHUNK - inChunk);
            byte[] chunk = dirty == null ? null : dirty.chunks.get(idx);
            if (chunk == null) {
                chunk = stored(row, dirty, idx, inChunk + n < CHUNK);
            }
            int available = chunk == null ? 0 : Math.max(0, Math.min(n, chunk.length - inChunk));
            if (available > 0) {
                System.arraycopy(chunk, inChunk, out, outOffset + done, available);
            }
            Arrays.fill(out, outOffset + done + available, outOffset + done + n, (byte) 0);
            done += n;
        }
    }

    /**
     * Buffers a write like pwrite(2); {@code row} is the stored row of a regular file, which has no
     * appends buffered.
     */
    void write(InodeRow row, long offset, byte[] data, int dataOffset, int len, long nowNs) throws SQLException {
        if (hasAppends(row.ino())) {
            throw new IllegalStateException("flush the appends of inode " + row.ino() + " first");
        }
        DirtyFile dirty = buffer.open(row.ino(), row.size());
        place(dirty, row, offset, data, dataOffset, len);
        dirty.mtimeNs = nowNs;
        dirty.ctimeNs = nowNs;
    }

    /**
     * Buffers an append (see {@code FilesystemInterface.append}); {@code row} is the stored row of a
     * regular file, which has no positional writes buffered. Returns the size this tree now sees.
     */
    long append(InodeRow row, byte[] data, int dataOffset, int len, long nowNs) {
        if (hasPositionalWrites(row.ino())) {
            throw new IllegalStateException("flush the writes of inode " + row.ino() + " first");
        }
        DirtyFile dirty = buffer.openAppends(row.ino());
        buffer.append(dirty, data, dataOffset, len);
        dirty.mtimeNs = nowNs;
        dirty.ctimeNs = nowNs;
        return row.size() + dirty.appendedLength;
    }

    /** Puts {@code len} bytes at {@code offset} into {@code dirty}'s chunks, over the stored file {@code row}. */
    private void place(DirtyFile dirty, InodeRow row, long offset, byte[] data, int dataOffset, int len)
            throws SQLException {
        int done = 0;
        while (done < len) {
            long pos = offset + done;
            long idx = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = Math.min(len - done, CHUNK - inChunk);
            if (!dirty.chunks.containsKey(idx)) {
                boolean coversChunk = inChunk == 0 && n == CHUNK;
                byte[] old = coversChunk ? null : stored(row, dirty, idx, false);
                buffer.putChunk(dirty, idx, old == null ? new byte[0] : old.clone());
            }
            byte[] chunk = buffer.grow(dirty, idx, inChunk + n);
            System.arraycopy(data, dataOffset + done, chunk, inChunk, n);
            done += n;
        }
        dirty.size = Math.max(dirty.size, offset + len);
    }

    /**
     * Buffers a size change like ftruncate(2); {@code row} is the stored row of a regular file, which
     * has no appends buffered. What lies past a smaller size is dropped (from the buffer now, from
     * the stored file when flushed), so growing the file again reads zeros, never old bytes.
     */
    void truncate(InodeRow row, long newSize, long nowNs) {
        if (hasAppends(row.ino())) {
            throw new IllegalStateException("flush the appends of inode " + row.ino() + " first");
        }
        DirtyFile dirty = buffer.get(row.ino());
        if (newSize == (dirty == null ? row.size() : dirty.size)) {
            return;
        }
        dirty = buffer.open(row.ino(), row.size());
        if (newSize < dirty.size) {
            buffer.dropChunksFrom(dirty, (newSize + CHUNK - 1) / CHUNK);
            buffer.trimChunk(dirty, newSize / CHUNK, (int) (newSize % CHUNK));
            dirty.cut = Math.min(dirty.cut, newSize);
        }
        dirty.size = newSize;
        dirty.mtimeNs = nowNs;
        dirty.ctimeNs = nowNs;
    }

    /**
     * Sets the buffered modification time of {@code ino} (if it has buffered writes), so that an
     * explicit time set after writes is what the flush writes.
     */
    void setTimes(long ino, long mtimeNs, long ctimeNs) {
        DirtyFile dirty = buffer.get(ino);
        if (dirty != null) {
            dirty.mtimeNs = mtimeNs;
            dirty.ctimeNs = ctimeNs;
        }
    }

    /** Moves one file's buffered writes (or appends) into the database. */
    private void flush(long ino) throws SQLException {
        DirtyFile dirty = buffer.remove(ino);
        if (dirty == null) {
            return;
        }
        DirtyFile taken = dirty;
        undo.record(() -> buffer.restore(ino, taken)); // the flush's statements may be rolled back
        // Appends go at the end as stored now, by whatever process: the row read again and locked.
        InodeRow row = dirty.appending() ? inodes.findLocked(ino) : inodes.find(ino);
        if (row == null) {
            return; // deleted meanwhile: nothing to keep
        }
        row = inodes.ownInTop(row);
        if (dirty.appending()) {
            dirty = placeAppends(row, dirty);
        }
        store(row, dirty);
    }

    /**
     * The appends of {@code appends} as positional changes at the end of {@code row}, a row just
     * read (and locked) in the flushing transaction.
     */
    private DirtyFile placeAppends(InodeRow row, DirtyFile appends) throws SQLException {
        chunks.forgetMap(row.ino()); // a cached chunk map may be older than the row
        DirtyFile placed = buffer.open(row.ino(), row.size());
        place(placed, row, row.size(), appends.appended, 0, appends.appendedLength);
        placed.mtimeNs = appends.mtimeNs;
        placed.ctimeNs = appends.ctimeNs;
        return buffer.remove(row.ino());
    }

    /**
     * Writes {@code dirty}'s changes over file {@code row} (in the top layer): what a truncate cut
     * off, then the changed chunks, size and times.
     */
    private void store(InodeRow row, DirtyFile dirty) throws SQLException {
        byte[] inline = null;
        boolean inlined = dirty.size <= INLINE_MAX;
        if (inlined) {
            byte[] first = dirty.chunks.get(0L);
            if (first == null) {
                first = stored(row, dirty, 0, false);
            }
            inline = first == null ? new byte[0] : Arrays.copyOf(first, (int) Math.min(first.length, dirty.size));
            if (!row.inline()) {
                chunks.deleteAll(row, released);
                chunks.knownEmpty(row.ino());
            }
        } else {
            if (row.inline() && !dirty.chunks.containsKey(0L)) {
                byte[] data = stored(row, dirty, 0, false);
                if (data != null) {
                    dirty.chunks.put(0L, data);
                }
            } else if (!row.inline() && dirty.cut < row.size()) {
                long kept = (dirty.cut + CHUNK - 1) / CHUNK;
                chunks.deleteFrom(row, kept, released);
                int tail = (int) (dirty.cut % CHUNK);
                if (tail != 0 && !dirty.chunks.containsKey(kept - 1)) {
                    byte[] last = chunks.read(row, kept - 1, false);
                    if (last != null && last.length > tail) {
                        chunks.write(row, kept - 1, last, tail, released);
                    }
                }
            }
            for (Map.Entry<Long, byte[]> e : dirty.chunks.entrySet()) {
                long start = e.getKey() * CHUNK;
                int length = (int) Math.min(e.getValue().length, dirty.size - start);
                chunks.write(row, e.getKey(), e.getValue(), length, released);
            }
        }
        long ctime = Math.max(row.ctimeNs(), dirty.ctimeNs);
        inodes.updateContent(row.withContent(dirty.size, dirty.mtimeNs, ctime, inlined), inline);
    }

    /**
     * Moves every buffered write into the database (file by file in inode order, the new chunks
     * last, in hash order: see {@link ChunkStore#insertPending}) and deletes chunks nothing refers to.
     */
    void flushAll() throws SQLException {
        inodes.discardContent(); // left by a step that failed before it sent them
        chunks.discardBatched();
        for (long ino : buffer.inodes()) {
            flush(ino);
        }
        inodes.writeContent();
        chunks.insertPending();
        chunks.collect(released);
    }

    /**
     * Deletes a file's data and its inode row (the last step of freeing an inode) from the top
     * layer; {@code row} is the inode's row as found.
     */
    void delete(InodeRow row) throws SQLException {
        buffer.remove(row.ino());
        if (row.layer() == inodes.top()) {
            chunks.deleteAll(row, released);
        }
        inodes.delete(row.ino());
    }

    /** Forgets buffered writes and pending garbage after a rollback. */
    void discard() {
        buffer.clear();
        released.clear();
    }

    /**
     * Stored chunk {@code idx} of a file as {@code dirty} (may be null) leaves it: without what a
     * buffered truncate cut off. Null for a hole or past the end. {@code keep}: see {@link ChunkStore#read}.
     */
    private byte[] stored(InodeRow row, DirtyFile dirty, long idx, boolean keep) throws SQLException {
        byte[] chunk = stored(row, idx, keep);
        if (chunk == null || dirty == null || dirty.cut >= (idx + 1) * CHUNK) {
            return chunk;
        }
        long kept = dirty.cut - idx * CHUNK;
        return kept <= 0 ? null : Arrays.copyOf(chunk, (int) Math.min(chunk.length, kept));
    }

    /** Stored chunk {@code idx} of a file, or null for a hole or past the stored size. */
    private byte[] stored(InodeRow row, long idx, boolean keep) throws SQLException {
        if (idx * CHUNK >= row.size()) {
            return null;
        }
        if (row.inline()) {
            byte[] inline = inodes.storedInlineData(row);
            if (inline != null) {
                return idx == 0 ? inline : null;
            }
            // NULL: another process moved the file to chunks after this one cached its row
        }
        return chunks.read(row, idx, keep);
    }
}
