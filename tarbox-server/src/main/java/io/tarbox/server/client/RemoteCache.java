package io.tarbox.server.client;

import io.tarbox.core.fs.FileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a remote tree remembers of the server's answers, so that a program's metadata calls do not
 * each cost a round trip: attributes by inode, directory entries by name (also names known to be
 * absent), and the last block read ahead of a file. Its owner keeps it true to its own changes and
 * forgets everything when a refresh says another client or process changed the tree.
 */
final class RemoteCache {
    /** Past this many entries the cache starts again: a bound, not a policy worth tuning. */
    private static final int LIMIT = 200_000;

    static final long ABSENT = -1;

    private record Name(long dir, String name) {}

    private final Map<Long, FileAttributes> attributes = new HashMap<>();
    private final Map<Name, Long> entries = new HashMap<>();
    /**
     * Directories whose every entry is in {@link #entries} (this client made them and has seen no
     * change of others since): a name not there is absent, without asking.
     */
    private final Set<Long> complete = new HashSet<>();
    /** Inodes seen to be regular files (an inode's type never changes), kept when the rest is forgotten. */
    private final Set<Long> regularFiles = new HashSet<>();

    private long readIno = -1;
    private long readOffset;
    private byte[] readData;
    private int readLength;
    private boolean readAtEnd;

    FileAttributes attributes(long ino) {
        return attributes.get(ino);
    }

    void put(FileAttributes a) {
        if (attributes.size() >= LIMIT) {
            attributes.clear();
        }
        attributes.put(a.ino(), a);
        if (a.isRegular()) {
            if (regularFiles.size() >= LIMIT) {
                regularFiles.clear();
            }
            regularFiles.add(a.ino());
        }
    }

    /** Whether {@code ino} was seen to be a regular file. */
    boolean isRegularFile(long ino) {
        return regularFiles.contains(ino);
    }

    /** Forgets {@code ino}'s attributes (they changed) and any block read ahead of it. */
    void changed(long ino) {
        attributes.remove(ino);
        if (readIno == ino) {
            readIno = -1;
            readData = null;
        }
    }

    /** The inode {@code name} in {@code dir} names, {@link #ABSENT} when known absent, null when unknown. */
    Long entry(long dir, String name) {
        return entries.get(new Name(dir, name));
    }

    void putEntry(long dir, String name, long ino) {
        if (entries.size() >= LIMIT) {
            entries.clear();
            complete.clear();
        }
        entries.put(new Name(dir, name), ino);
    }

    /** Records that {@code dir} was just made (empty) by this client. */
    void madeEmpty(long dir) {
        complete.add(dir);
    }

    /** Whether every entry of {@code dir} is known here. */
    boolean isComplete(long dir) {
        return complete.contains(dir);
    }

    /** Forgets what {@code name} in {@code dir} is ({@code dir} is no longer known completely). */
    void forgetEntry(long dir, String name) {
        entries.remove(new Name(dir, name));
        complete.remove(dir);
    }

    /** Forgets every attribute (when it cannot tell whose changed). */
    void forgetAttributes() {
        attributes.clear();
        readIno = -1;
        readData = null;
    }

    void forgetAll() {
        forgetAttributes();
        entries.clear();
        complete.clear();
    }

    /**
     * Remembers {@code length} bytes of {@code ino} read at {@code offset}; {@code atEnd}: they reach
     * the end of the file.
     */
    void readAhead(long ino, long offset, byte[] data, int length, boolean atEnd) {
        readIno = ino;
        readOffset = offset;
        readData = data;
        readLength = length;
        readAtEnd = atEnd;
    }

    /**
     * Copies the bytes of {@code ino} at {@code offset} from the last read-ahead when it holds all
     * that was asked (or all up to the end of the file); -1 when it does not.
     */
    int read(long ino, long offset, byte[] buffer, int bufferOffset, int length) {
        if (readIno != ino || readData == null || offset < readOffset) {
            return -1;
        }
        long from = offset - readOffset;
        if (from + length > readLength && !(readAtEnd && from <= readLength)) {
            return -1;
        }
        int n = (int) Math.min(length, readLength - from);
        System.arraycopy(readData, (int) from, buffer, bufferOffset, n);
        return n;
    }
}
