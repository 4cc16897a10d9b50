package io.tarbox.storage.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * File data written but not yet in the database: per inode, either the chunks positional writes
 * changed with the size they and truncates made, or the bytes appended (O_APPEND) since the last
 * flush, which go at the end the file has in the database when they are flushed; and the times.
 * Reads overlay it on the stored data. It only holds memory; {@link FileContent} moves it into the
 * database when the group commit flushes.
 */
final class WriteBuffer {

    /** The unflushed state of one file: positional changes, or appends (never both). */
    static final class DirtyFile {
        long size;
        long mtimeNs;
        long ctimeNs;
        /** Changed chunks by index; an array may be shorter than a chunk (the rest is zeros). */
        final TreeMap<Long, byte[]> chunks = new TreeMap<>();
        /**
         * The smallest size a truncate gave the file since the last flush: stored bytes at or past
         * it are gone (they read as zeros where no buffered chunk covers them). MAX_VALUE: none.
         */
        long cut = Long.MAX_VALUE;
        /** Appended bytes (the first {@link #appendedLength}), or null for positional changes. */
        byte[] appended;

        int appendedLength;

        DirtyFile(long size) {
            this.size = size;
        }

        boolean appending() {
            return appended != null;
        }
    }

    private final Map<Long, DirtyFile> files = new LinkedHashMap<>();
    private long bytes;

    DirtyFile get(long ino) {
        return files.get(ino);
    }

    DirtyFile open(long ino, long size) {
        return files.computeIfAbsent(ino, k -> new DirtyFile(size));
    }

    /** The pending appends of {@code ino}; the file must have no positional changes pending. */
    DirtyFile openAppends(long ino) {
        DirtyFile file = files.computeIfAbsent(ino, k -> new DirtyFile(0));
        if (file.appended == null) {
            file.appended = new byte[0];
        }
        return file;
    }

    /** Adds {@code len} bytes to the appends of {@code file}, counting their memory. */
    void append(DirtyFile file, byte[] data, int offset, int len) {
        int needed = file.appendedLength + len;
        if (needed > file.appended.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * file.appended.length));
            bytes += capacity - file.appended.length;
            file.appended = Arrays.copyOf(file.appended, capacity);
        }
        System.arraycopy(data, offset, file.appended, file.appendedLength, len);
        file.appendedLength = needed;
    }

    /** Puts {@code file} back as it was taken by {@link #remove} (a flush that was rolled back). */
    void restore(long ino, DirtyFile file) {
        DirtyFile replaced = files.put(ino, file);
        bytes += memory(file) - (replaced == null ? 0 : memory(replaced));
    }

    private static long memory(DirtyFile file) {
        long total = file.appended == null ? 0 : file.appended.length;
        for (byte[] chunk : file.chunks.values()) {
            total += chunk.length;
        }
        return total;
    }

    /** Puts chunk {@code idx} of {@code file}, counting its memory. */
    void putChunk(DirtyFile file, long idx, byte[] chunk) {
        byte[] old = file.chunks.put(idx, chunk);
        bytes += chunk.length - (old == null ? 0 : old.length);
    }

    /** Drops the chunks of {@code file} from index {@code first} on. */
    void dropChunksFrom(DirtyFile file, long first) {
        var dropped = file.chunks.tailMap(first, true);
        for (byte[] chunk : dropped.values()) {
            bytes -= chunk.length;
        }
        dropped.clear();
    }

    /** Cuts chunk {@code idx} of {@code file}, if buffered, to at most {@code length} bytes. */
    void trimChunk(DirtyFile file, long idx, int length) {
        byte[] chunk = file.chunks.get(idx);
        if (chunk != null && chunk.length > length) {
            putChunk(file, idx, Arrays.copyOf(chunk, length));
        }
    }

    /**
     * Chunk {@code idx} grown to at least {@code length} bytes: a first chunk doubles (most files
     * are small, and the buffer's memory decides when to commit), a later one, of a file already
     * past one chunk, is made whole at once rather than copied four times as 4 KiB writes fill it.
     */
    byte[] grow(DirtyFile file, long idx, int length) {
        byte[] chunk = file.chunks.get(idx);
        if (chunk.length >= length) {
            return chunk;
        }
        int newLength =
                idx > 0 ? ChunkStore.CHUNK_SIZE : Math.min(ChunkStore.CHUNK_SIZE, Math.max(length, chunk.length * 2));
        byte[] grown = Arrays.copyOf(chunk, newLength);
        putChunk(file, idx, grown);
        return grown;
    }

    DirtyFile remove(long ino) {
        DirtyFile file = files.remove(ino);
        if (file != null) {
            bytes -= memory(file);
        }
        return file;
    }

    /** The buffered inodes in ascending order (the order their rows are locked when flushed). */
    List<Long> inodes() {
        List<Long> inodes = new ArrayList<>(files.keySet());
        inodes.sort(null);
        return inodes;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Memory held by buffered chunks. */
    long bytes() {
        return bytes;
    }

    void clear() {
        files.clear();
        bytes = 0;
    }
}
