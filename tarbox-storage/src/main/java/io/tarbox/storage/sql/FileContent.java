package io.tarbox.storage.sql;

import io.tarbox.storage.sql.WriteBuffer.DirtyFile;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bytes of regular files: reads overlay the {@link WriteBuffer} on the stored data, writes go
 * to the buffer, {@link #flushAll} moves the buffer into the database (inside the caller's
 * transaction). A file of at most {@link #INLINE_MAX} bytes is stored in its inode row; a larger one
 * as {@link ChunkStore#CHUNK_SIZE} chunks. Missing chunks and bytes past a short chunk read as zeros.
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

    FileContent(InodeTable inodes, ChunkStore chunks) {
        this.inodes = inodes;
        this.chunks = chunks;
    }

    /** {@code row}'s attributes with unflushed writes applied (size, mtime, ctime). */
    InodeRow current(InodeRow row) {
        DirtyFile dirty = buffer.get(row.ino());
        if (dirty == null) {
            return row;
        }
        return row.withContent(dirty.size, dirty.mtimeNs, Math.max(row.ctimeNs(), dirty.ctimeNs), row.inline());
    }

    /** Memory held by unflushed writes. */
    long bufferedBytes() {
        return buffer.bytes();
    }

    /** Whether {@link #flushAll} has work: buffered writes, or chunks released but not yet collected. */
    boolean hasPendingWork() {
        return !buffer.isEmpty() || !released.isEmpty();
    }

    /** Reads like pread(2); {@code row} is the stored row of a regular file. */
    int read(InodeRow row, long offset, byte[] out, int outOffset, int len) throws SQLException {
        DirtyFile dirty = buffer.get(row.ino());
        long size = dirty == null ? row.size() : dirty.size;
        if (offset >= size || len == 0) {
            return 0;
        }
        int total = (int) Math.min(len, size - offset);
        int done = 0;
        while (done < total) {
            long pos = offset + done;
            long idx = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = Math.min(total - done, CHUNK - inChunk);
            byte[] chunk = dirty == null ? null : dirty.chunks.get(idx);
            if (chunk == null) {
                chunk = stored(row, idx);
            }
            int available = chunk == null ? 0 : Math.max(0, Math.min(n, chunk.length - inChunk));
            if (available > 0) {
                System.arraycopy(chunk, inChunk, out, outOffset + done, available);
            }
            Arrays.fill(out, outOffset + done + available, outOffset + done + n, (byte) 0);
            done += n;
        }
        return total;
    }

    /** Buffers a write like pwrite(2); {@code row} is the stored row of a regular file. */
    void write(InodeRow row, long offset, byte[] data, int dataOffset, int len, long nowNs) throws SQLException {
        DirtyFile dirty = buffer.open(row.ino(), row.size());
        int done = 0;
        while (done < len) {
            long pos = offset + done;
            long idx = pos / CHUNK;
            int inChunk = (int) (pos % CHUNK);
            int n = Math.min(len - done, CHUNK - inChunk);
            if (!dirty.chunks.containsKey(idx)) {
                boolean coversChunk = inChunk == 0 && n == CHUNK;
                byte[] old = coversChunk ? null : stored(row, idx);
                buffer.putChunk(dirty, idx, old == null ? new byte[0] : old.clone());
            }
            byte[] chunk = buffer.grow(dirty, idx, inChunk + n);
            System.arraycopy(data, dataOffset + done, chunk, inChunk, n);
            done += n;
        }
        dirty.size = Math.max(dirty.size, offset + len);
        dirty.mtimeNs = nowNs;
        dirty.ctimeNs = nowNs;
    }

    /**
     * Sets the size of a file with no buffered writes (flush it first): drops what lies past a
     * smaller size, so that growing it again reads zeros. Returns the updated row.
     */
    InodeRow truncate(InodeRow row, long newSize, long nowNs) throws SQLException {
        if (newSize == row.size()) {
            return row;
        }
        row = inodes.ownInTop(row);
        byte[] inline = null;
        boolean inlined = row.inline();
        if (row.inline()) {
            byte[] data = inodes.inlineData(row);
            if (newSize <= INLINE_MAX) {
                inline = Arrays.copyOf(data, (int) Math.min(data.length, newSize));
            } else {
                if (data.length > 0) {
                    chunks.write(row, 0, data, data.length, released);
                }
                inlined = false;
            }
        } else if (newSize < row.size()) {
            long kept = (newSize + CHUNK - 1) / CHUNK;
            chunks.deleteFrom(row, kept, released);
            int tail = (int) (newSize % CHUNK);
            byte[] last = tail == 0 ? null : chunks.read(row, kept - 1);
            if (last != null && last.length > tail) {
                chunks.write(row, kept - 1, last, tail, released);
            }
        }
        InodeRow updated = row.withContent(newSize, nowNs, nowNs, inlined);
        inodes.updateContent(updated, inline);
        return updated;
    }

    /** Moves one file's buffered writes into the database. */
    void flush(long ino) throws SQLException {
        DirtyFile dirty = buffer.remove(ino);
        if (dirty == null) {
            return;
        }
        InodeRow row = inodes.find(ino);
        if (row == null) {
            return; // deleted meanwhile: nothing to keep
        }
        row = inodes.ownInTop(row);
        byte[] inline = null;
        boolean inlined = dirty.size <= INLINE_MAX;
        if (inlined) {
            byte[] first = dirty.chunks.get(0L);
            if (first == null) {
                first = stored(row, 0);
            }
            inline = first == null ? new byte[0] : Arrays.copyOf(first, (int) Math.min(first.length, dirty.size));
            if (!row.inline()) {
                chunks.deleteAll(row, released);
            }
        } else {
            if (row.inline() && !dirty.chunks.containsKey(0L)) {
                dirty.chunks.put(0L, inodes.inlineData(row));
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

    /** Moves every buffered write into the database and deletes chunks nothing refers to. */
    void flushAll() throws SQLException {
        for (long ino : buffer.inodes()) {
            flush(ino);
        }
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

    /** Stored chunk {@code idx} of a file, or null for a hole or past the stored size. */
    private byte[] stored(InodeRow row, long idx) throws SQLException {
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
        return chunks.read(row, idx);
    }
}
