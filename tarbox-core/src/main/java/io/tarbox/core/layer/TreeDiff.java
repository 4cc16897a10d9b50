package io.tarbox.core.layer;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two trees ({@code tarbox snapshot diff}). Inodes are matched by number, since
 * a layer keeps the numbers of the inodes it inherits: an inode present in both trees under another
 * directory entry was renamed, not deleted and added again.
 *
 * <p>A path deleted and added again with the same type (an editor's or {@code tarbox put}'s write to
 * a new file renamed over the old one) is compared as one file, by path: modified or unchanged.
 *
 * <p>A file counts as modified when its type, size, mode or symlink target differ. When only its
 * times differ, the content is read to decide: a rewrite with the same bytes (or a touch) is not a
 * change. Equal times and sizes are taken to mean equal content, so an unchanged tree is compared
 * without reading any data. A directory counts as modified only when its mode differs (its times
 * change with every entry added or removed, which the entries' own changes already say).
 */
public final class TreeDiff {
    private static final int READDIR_BATCH = 512;
    private static final int BLOCK = 64 * 1024;

    /** In the order changes to one path are listed: a rename before a change of content. */
    public enum Kind {
        DELETED,
        ADDED,
        RENAMED,
        MODIFIED
    }

    /**
     * One difference.
     *
     * @param kind    what happened
     * @param path    the path in the new tree; in the old tree for DELETED
     * @param oldPath for RENAMED, and for MODIFIED of a file that was also renamed, the path in the
     *                old tree; otherwise null
     * @param before  the attributes in the old tree; null for ADDED
     * @param after   the attributes in the new tree; null for DELETED
     */
    public record Change(Kind kind, String path, String oldPath, FileAttributes before, FileAttributes after) {}

    /** One inode of a walked tree: its attributes and every directory entry naming it. */
    private record Node(FileAttributes attributes, List<Link> links) {}

    /** A directory still to list during a walk, and its path. */
    private record Listing(long ino, String path) {}

    /** A directory entry: which directory holds it, under which name, at which path. */
    private record Link(long parent, String name, String path) {}

    private final FilesystemInterface oldFs;
    private final FilesystemInterface newFs;

    private TreeDiff(FilesystemInterface oldFs, FilesystemInterface newFs) {
        this.oldFs = oldFs;
        this.newFs = newFs;
    }

    /**
     * The changes that make the tree under {@code oldRoot} of {@code oldFs} into the one under
     * {@code newRoot} of {@code newFs}, ordered by path (a rename and a modification of the same
     * file are two changes; a modified file with several names is listed under each).
     *
     * @throws io.tarbox.core.fs.FsException as the filesystems' reads do
     */
    public static List<Change> compare(
            FilesystemInterface oldFs, long oldRoot, FilesystemInterface newFs, long newRoot) {
        return new TreeDiff(oldFs, newFs).compare(walk(oldFs, oldRoot), walk(newFs, newRoot));
    }

    private List<Change> compare(Map<Long, Node> oldTree, Map<Long, Node> newTree) {
        List<Change> changes = new ArrayList<>();
        TreeSet<Long> inodes = new TreeSet<>(oldTree.keySet());
        inodes.addAll(newTree.keySet());
        for (long ino : inodes) {
            Node before = oldTree.get(ino);
            Node after = newTree.get(ino);
            if (after == null
                    || before != null
                            && before.attributes().type() != after.attributes().type()) {
                for (Link link : before.links()) {
                    changes.add(new Change(Kind.DELETED, link.path(), null, before.attributes(), null));
                }
            }
            if (before == null
                    || after != null
                            && before.attributes().type() != after.attributes().type()) {
                for (Link link : after.links()) {
                    changes.add(new Change(Kind.ADDED, link.path(), null, null, after.attributes()));
                }
            }
            if (before != null
                    && after != null
                    && before.attributes().type() == after.attributes().type()) {
                Map<String, String> renamedFrom = moved(before, after, changes);
                if (modified(before.attributes(), after.attributes())) {
                    for (Link link : after.links()) { // every name of the file shows the new content
                        changes.add(new Change(
                                Kind.MODIFIED,
                                link.path(),
                                renamedFrom.get(link.path()),
                                before.attributes(),
                                after.attributes()));
                    }
                }
            }
        }
        changes = replacedInPlace(changes);
        changes.sort(Comparator.comparing(Change::path).thenComparing(Change::kind));
        return changes;
    }

    /**
     * Pairs each path both deleted and added with the same type into a modification (or nothing,
     * when the new inode holds what the old one did).
     */
    private List<Change> replacedInPlace(List<Change> changes) {
        Map<String, Change> deleted = new HashMap<>();
        for (Change change : changes) {
            if (change.kind() == Kind.DELETED) {
                deleted.put(change.path(), change);
            }
        }
        List<Change> result = new ArrayList<>();
        List<Change> paired = new ArrayList<>();
        for (Change change : changes) {
            Change old = change.kind() == Kind.ADDED ? deleted.get(change.path()) : null;
            if (old != null && old.before().type() == change.after().type()) {
                paired.add(old);
                if (modified(old.before(), change.after())) {
                    result.add(new Change(Kind.MODIFIED, change.path(), null, old.before(), change.after()));
                }
            } else {
                result.add(change);
            }
        }
        result.removeAll(paired);
        return result;
    }

    /**
     * The renames of one inode: its entries only in the old tree paired, in path order, with its
     * entries only in the new tree; unpaired ones are hard links removed or added. An entry whose
     * directory and name are the same in both trees did not move, even when a directory above it
     * was renamed (that directory's own rename says so). Returns the old path of each new path
     * that is a rename.
     */
    private static Map<String, String> moved(Node before, Node after, List<Change> changes) {
        List<Link> gone = new ArrayList<>(before.links());
        List<Link> come = new ArrayList<>(after.links());
        gone.removeIf(old -> after.links().stream().anyMatch(now -> sameEntry(old, now)));
        come.removeIf(now -> before.links().stream().anyMatch(old -> sameEntry(old, now)));
        int pairs = Math.min(gone.size(), come.size());
        Map<String, String> renamedFrom = new HashMap<>();
        for (int i = 0; i < pairs; i++) {
            changes.add(new Change(
                    Kind.RENAMED, come.get(i).path(), gone.get(i).path(), before.attributes(), after.attributes()));
            renamedFrom.put(come.get(i).path(), gone.get(i).path());
        }
        for (Link link : gone.subList(pairs, gone.size())) {
            changes.add(new Change(Kind.DELETED, link.path(), null, before.attributes(), null));
        }
        for (Link link : come.subList(pairs, come.size())) {
            changes.add(new Change(Kind.ADDED, link.path(), null, null, after.attributes()));
        }
        return renamedFrom;
    }

    private static boolean sameEntry(Link a, Link b) {
        return a.parent() == b.parent() && a.name().equals(b.name());
    }

    private boolean modified(FileAttributes before, FileAttributes after) {
        if (before.mode() != after.mode()) {
            return true;
        }
        if (before.isDirectory()) {
            return false;
        }
        if (before.size() != after.size()) {
            return true;
        }
        if (before.isSymlink()) {
            return !oldFs.readlink(before.ino()).equals(newFs.readlink(after.ino()));
        }
        if (before.mtimeNs() == after.mtimeNs() && before.ctimeNs() == after.ctimeNs()) {
            return false;
        }
        return before.isRegular() && !sameContent(before.ino(), after.ino(), before.size());
    }

    private boolean sameContent(long oldIno, long newIno, long size) {
        byte[] a = new byte[BLOCK];
        byte[] b = new byte[BLOCK];
        for (long offset = 0; offset < size; offset += BLOCK) {
            int len = (int) Math.min(BLOCK, size - offset);
            int readA = readFully(oldFs, oldIno, offset, a, len);
            int readB = readFully(newFs, newIno, offset, b, len);
            if (readA != readB || !Arrays.equals(a, 0, readA, b, 0, readB)) {
                return false;
            }
        }
        return true;
    }

    /** Reads up to {@code len} bytes at {@code offset}, fewer only at the end of the file. */
    private static int readFully(FilesystemInterface fs, long ino, long offset, byte[] buffer, int len) {
        int total = 0;
        while (total < len) {
            int n = fs.read(ino, offset + total, buffer, total, len - total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Every inode under {@code root} (not the root itself) with its entries. */
    private static Map<Long, Node> walk(FilesystemInterface fs, long root) {
        Map<Long, Node> nodes = new HashMap<>();
        // Directories still to list, with their paths: a queue of its own, not recursion, so a
        // chain of directories thousands deep is compared like any other tree.
        Deque<Listing> pending = new ArrayDeque<>();
        pending.push(new Listing(root, ""));
        while (!pending.isEmpty()) {
            Listing dir = pending.pop();
            long cookie = 0;
            while (true) {
                List<DirEntry> batch = fs.readdir(dir.ino(), cookie, READDIR_BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                for (DirEntry entry : batch) {
                    String path = dir.path() + "/" + entry.name();
                    Node node = nodes.computeIfAbsent(entry.ino(), ino -> new Node(fs.getattr(ino), new ArrayList<>()));
                    node.links().add(new Link(dir.ino(), entry.name(), path));
                    if (node.attributes().isDirectory()) {
                        pending.push(new Listing(entry.ino(), path));
                    }
                }
                cookie = batch.get(batch.size() - 1).cookie();
            }
        }
        for (Node node : nodes.values()) {
            node.links().sort(Comparator.comparing(Link::path));
        }
        return nodes;
    }
}
