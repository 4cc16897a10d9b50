package io.tarbox.server.client;

import io.tarbox.core.fs.FileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a remote tree remembers of the server's answers, so that a program's metadata calls do not
 * each cost a round trip: attributes by inode, directory entries by name (also names known to be
 * absent), the last block read ahead of a file, and the content of small files this client wrote
 * from empty. Its owner keeps it true to its own changes and
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

    /** Small files this client made or emptied and wrote since: their whole content, by inode. */
    private final Map<Long, byte[]> contents = new HashMap<>();
    /** Bytes in {@link #contents}. */
    private long contentBytes;
    /** The largest file, and all of them together, whose content is kept. */
    static final int CONTENT_LIMIT = 64 << 10;

    static final long CONTENTS_LIMIT = 16L << 20;

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
        contents.clear();
        contentBytes = 0;
    }

    /** Records that {@code ino} is empty (this client made or truncated it): its content is known from now on. */
    void emptied(long ino) {
        forgetContent(ino);
        if (contentBytes < CONTENTS_LIMIT) {
            contents.put(ino, new byte[0]);
        }
    }

    /** Keeps the content known of {@code ino} true to a write of this client; forgets it past the limits. */
    void wrote(long ino, long offset, byte[] data, int dataOffset, int length) {
        byte[] known = contents.get(ino);
        if (known == null) {
            return;
        }
        long end = offset + length;
        if (offset > known.length
                || end > CONTENT_LIMIT
                || contentBytes + Math.max(0, end - known.length) > CONTENTS_LIMIT) {
            forgetContent(ino); // a hole, or too big: read from the server
            return;
        }
        byte[] now = end > known.length ? Arrays.copyOf(known, (int) end) : known;
        System.arraycopy(data, dataOffset, now, (int) offset, length);
        contentBytes += now.length - known.length;
        contents.put(ino, now);
    }

    /** Forgets the content known of {@code ino} (changed in a way not followed here). */
    void forgetContent(long ino) {
        byte[] known = contents.remove(ino);
        if (known != null) {
            contentBytes -= known.length;
        }
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
        byte[] known = contents.get(ino);
        if (known != null && offset >= 0) {
            int n = (int) Math.max(0, Math.min(length, known.length - offset));
            if (n > 0) {
                System.arraycopy(known, (int) offset, buffer, bufferOffset, n);
            }
            return n;
        }
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
