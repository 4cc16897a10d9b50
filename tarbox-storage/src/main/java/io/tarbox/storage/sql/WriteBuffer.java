package io.tarbox.storage.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * File data written but not yet in the database: per inode, the chunks it changed, its size and
 * times. Reads overlay it on the stored data. It only holds memory; {@link FileContent} moves it
 * into the database when the group commit flushes.
 */
final class WriteBuffer {

    /** The unflushed state of one file. */
    static final class DirtyFile {
        long size;
        long mtimeNs;
        long ctimeNs;
        /** Changed chunks by index; an array may be shorter than a chunk (the rest is zeros). */
        final TreeMap<Long, byte[]> chunks = new TreeMap<>();

        DirtyFile(long size) {
            this.size = size;
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

    /** Puts chunk {@code idx} of {@code file}, counting its memory. */
    void putChunk(DirtyFile file, long idx, byte[] chunk) {
        byte[] old = file.chunks.put(idx, chunk);
        bytes += chunk.length - (old == null ? 0 : old.length);
    }

    /** Chunk {@code idx} grown to at least {@code length} bytes (doubling, capped at a chunk). */
    byte[] grow(DirtyFile file, long idx, int length) {
        byte[] chunk = file.chunks.get(idx);
        if (chunk.length >= length) {
            return chunk;
        }
        int newLength = Math.min(ChunkStore.CHUNK_SIZE, Math.max(length, chunk.length * 2));
        byte[] grown = Arrays.copyOf(chunk, newLength);
        putChunk(file, idx, grown);
        return grown;
    }

    DirtyFile remove(long ino) {
        DirtyFile file = files.remove(ino);
        if (file != null) {
            for (byte[] chunk : file.chunks.values()) {
                bytes -= chunk.length;
            }
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
