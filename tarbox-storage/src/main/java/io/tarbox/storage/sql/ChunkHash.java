package io.tarbox.storage.sql;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** The SHA-256 of a chunk's bytes: the chunk's key in the {@code chunks} table. */
final class ChunkHash {
    /** By the hash's bytes, unsigned: the order in which a transaction inserts chunks. */
    static final Comparator<ChunkHash> ORDER = (a, b) -> Arrays.compareUnsigned(a.bytes, b.bytes);

    private final byte[] bytes;
    private final int hashCode;

    ChunkHash(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    static ChunkHash of(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, 0, length);
            return new ChunkHash(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkHash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
