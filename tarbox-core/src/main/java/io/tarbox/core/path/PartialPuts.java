package io.tarbox.core.path;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temporary files of {@code tarbox put} and of the server's WebDAV PUT ({@code .tarbox-put-*}, next to the destination), and
 * finding the ones an interrupted put left behind. A put removes its own on any exit it lives
 * through (SIGTERM included); after {@code kill -9} or a power cut, {@code tarbox gc} does.
 *
 * <p>How gc knows the writer is gone: a put has the tenant's tree open from before it creates its
 * temporary file until it has renamed or removed it. So gc first lists the temporary files (its own
 * tree then closed), then asks the store whether any process has the tree open; if none has, every
 * file it listed belongs to a process that has ended, and is removed (if still the same inode). If
 * some process has the tree open, nothing is removed: a put in progress is never touched.
 */
public final class PartialPuts {
    public static final String PREFIX = ".tarbox-put-";
    private static final int READDIR_BATCH = 512;

    /** A temporary file found: {@code name} in directory {@code dir} is inode {@code ino}. */
    public record Found(long dir, String name, long ino) {}

    private PartialPuts() {}

    /** A fresh temporary name for a put to {@code name}. */
    public static String temporaryName(String name) {
        String temporary = PREFIX + Long.toHexString(System.nanoTime()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-" + name;
        return temporary.length() > FilesystemInterface.NAME_MAX
                ? temporary.substring(0, FilesystemInterface.NAME_MAX)
                : temporary;
    }

    /** Every regular file named {@code .tarbox-put-*} in the tree (any depth, no recursion). */
    public static List<Found> find(FilesystemInterface fs) {
        List<Found> found = new ArrayList<>();
        Deque<Long> pending = new ArrayDeque<>();
        pending.push(fs.rootIno());
        while (!pending.isEmpty()) {
            long dir = pending.pop();
            long cookie = 0;
            while (true) {
                List<DirEntry> batch = fs.readdir(dir, cookie, READDIR_BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                for (DirEntry entry : batch) {
                    if (entry.type() == FileType.DIRECTORY) {
                        pending.push(entry.ino());
                    } else if (entry.type() == FileType.REGULAR && entry.name().startsWith(PREFIX)) {
                        found.add(new Found(dir, entry.name(), entry.ino()));
                    }
                }
                cookie = batch.get(batch.size() - 1).cookie();
            }
        }
        return found;
    }

    /** Removes those of {@code found} still where they were found; returns how many. */
    public static int remove(FilesystemInterface fs, List<Found> found) {
        int removed = 0;
        for (Found file : found) {
            try {
                FileAttributes now = fs.lookup(file.dir(), file.name());
                if (now.ino() == file.ino()) {
                    fs.unlink(file.dir(), file.name());
                    removed++;
                }
            } catch (FsException e) {
                if (e.error() != FsError.NOT_FOUND && e.error() != FsError.NOT_DIRECTORY) {
                    throw e;
                }
            }
        }
        return removed;
    }
}
