package io.tarbox.wasi.control;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.layer.SnapshotNames;
import io.tarbox.core.path.Names;
import io.tarbox.wasi.control.ControlNode.Kind;
import io.tarbox.wasi.control.SnapshotViews.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The control files a run sees at {@code /.tarbox} ({@code tarbox run --control}): a synthetic
 * filesystem over a {@link ControlPlane}. Reading {@code layers/current}, {@code layers/list},
 * {@code layers/tree}, {@code audit/recent} or {@code stats/usage} gives JSON generated from the
 * tree's state ({@link ControlDocuments}); writing a snapshot name to {@code layers/new},
 * {@code layers/switch} or {@code layers/drop} acts on the tree, one command per write, and a
 * failure is the write's errno; {@code snapshots/NAME/} are read-only views of the snapshots
 * ({@link SnapshotViews}). Everything else is read-only (READ_ONLY). docs/control-files.md is the
 * user's description.
 *
 * <p>Closing it closes the snapshot views, not the tree: the tree belongs to whoever opened it.
 * Every call holds the instance's lock (the contract asks for thread safety; a run uses one thread,
 * but the host commits from another when a run ends on its time limit).
 */
public final class ControlFilesystem implements FilesystemInterface {
    /** Where the guest sees it. */
    public static final String GUEST_PATH = "/.tarbox";

    private static final int DIRECTORY_MODE = 0555;
    private static final int DOCUMENT_MODE = 0444;
    private static final int COMMAND_MODE = 0222;

    private final ControlPlane plane;
    private final ControlDocuments documents;
    private final SnapshotViews views;
    /** The times every fixed node reports. */
    private final long createdNs;

    public ControlFilesystem(ControlPlane plane) {
        this.plane = plane;
        this.documents = new ControlDocuments(plane);
        this.views = new SnapshotViews(plane);
        Instant now = Instant.now();
        this.createdNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long rootIno() {
        return ControlNode.ROOT.ino;
    }

    @Override
    public synchronized FileAttributes getattr(long ino) {
        ControlNode node = ControlNode.of(ino);
        if (node != null) {
            return attributes(node, false);
        }
        Target target = target(ino);
        return views.translate(target.view(), views.fs(target.view()).getattr(target.ino()));
    }

    @Override
    public synchronized long parent(long dir) {
        ControlNode node = ControlNode.of(dir);
        if (node != null) {
            requireDirectory(node);
            return node == ControlNode.ROOT ? node.ino : node.parent.ino;
        }
        if (views.directoryName(dir) != null) {
            return ControlNode.SNAPSHOTS.ino;
        }
        Target target = target(dir);
        return views.ino(target.view(), views.fs(target.view()).parent(target.ino()));
    }

    @Override
    public synchronized FileAttributes lookup(long dir, String name) {
        Names.check(name);
        ControlNode node = ControlNode.of(dir);
        if (node == null) {
            Target target = target(dir);
            return views.translate(target.view(), views.fs(target.view()).lookup(target.ino(), name));
        }
        requireDirectory(node);
        if (node == ControlNode.SNAPSHOTS) {
            Target root = views.root(snapshot(name));
            return views.translate(root.view(), views.fs(root.view()).getattr(root.ino()));
        }
        ControlNode child = node.child(name);
        if (child == null) {
            throw new FsException(FsError.NOT_FOUND, "no control file " + name);
        }
        return attributes(child, true);
    }

    @Override
    public synchronized List<DirEntry> readdir(long dir, long cookie, int max) {
        ControlNode node = ControlNode.of(dir);
        if (node == null) {
            Target target = target(dir);
            List<DirEntry> out = new ArrayList<>();
            for (DirEntry e : views.fs(target.view()).readdir(target.ino(), cookie, max)) {
                out.add(new DirEntry(e.name(), views.ino(target.view(), e.ino()), e.type(), e.cookie()));
            }
            return out;
        }
        requireDirectory(node);
        if (cookie < 0) {
            return List.of(); // never handed out (a guest's cookie past 2^63): nothing follows it
        }
        return node == ControlNode.SNAPSHOTS ? snapshotEntries(cookie, max) : fixedEntries(node, cookie, max);
    }

    /** A fixed directory's children; the cookie is the position after the entry. */
    private static List<DirEntry> fixedEntries(ControlNode dir, long cookie, int max) {
        List<ControlNode> children = dir.children();
        List<DirEntry> out = new ArrayList<>();
        for (int i = (int) Math.min(cookie, children.size()); i < children.size() && out.size() < max; i++) {
            ControlNode child = children.get(i);
            out.add(new DirEntry(child.name, child.ino, type(child), i + 1));
        }
        return out;
    }

    /**
     * The snapshots, each a directory; the cookie is the directory's inode, numbered when the name
     * was first seen, so entries come in that order and a cookie survives snapshots being taken
     * or dropped meanwhile.
     */
    private List<DirEntry> snapshotEntries(long cookie, int max) {
        List<DirEntry> out = new ArrayList<>();
        for (Snapshot snapshot : plane.tree().snapshots()) {
            long ino = views.directory(snapshot.name());
            if (ino > cookie) {
                out.add(new DirEntry(snapshot.name(), ino, FileType.DIRECTORY, ino));
            }
        }
        out.sort((a, b) -> Long.compare(a.cookie(), b.cookie()));
        return out.size() > max ? out.subList(0, max) : out;
    }

    @Override
    public synchronized int read(long ino, long offset, byte[] buffer, int bufferOffset, int len) {
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "negative offset");
        }
        ControlNode node = ControlNode.of(ino);
        if (node == null) {
            Target target = target(ino);
            return views.fs(target.view()).read(target.ino(), offset, buffer, bufferOffset, len);
        }
        switch (node.kind) {
            case DIRECTORY:
                throw new FsException(FsError.IS_DIRECTORY, node.name + " is a directory");
            case COMMAND:
                throw new FsException(FsError.ACCESS_DENIED, node.name + " is write-only: write a snapshot name to it");
            default:
                byte[] content = documents.content(node);
                if (offset >= content.length) {
                    return 0;
                }
                int n = (int) Math.min(len, content.length - offset);
                System.arraycopy(content, (int) offset, buffer, bufferOffset, n);
                return n;
        }
    }

    /**
     * A write to a command file is one command: the bytes written (at any offset), without the
     * whitespace around them, are the snapshot name to act on (an empty write is INVALID). Every
     * other write is READ_ONLY.
     */
    @Override
    public synchronized void write(long ino, long offset, byte[] data, int dataOffset, int len) {
        ControlNode node = ControlNode.of(ino);
        if (node == null || node.kind != Kind.COMMAND) {
            if (node != null && node.kind == Kind.DIRECTORY) {
                throw new FsException(FsError.IS_DIRECTORY, node.name + " is a directory");
            }
            throw readOnly();
        }
        String name = SnapshotNames.check(new String(data, dataOffset, len, StandardCharsets.UTF_8).strip());
        views.closeAll(); // an open view holds the tenant: the command would be BUSY
        LayeredFilesystem tree = plane.tree();
        switch (node) {
            case LAYERS_NEW -> tree.createSnapshot(name, "");
            case LAYERS_SWITCH -> tree.restore(name, true);
            case LAYERS_DROP -> {
                // Forced: a guest that checkpoints repeatedly must be able to drop its old
                // checkpoints, which its newer ones are built on; only the name goes.
                tree.dropSnapshot(name, true);
                views.forget(name);
            }
            default -> throw new AssertionError(node);
        }
    }

    /** As {@link #write}: a command file takes one command per write, appended or not ({@code >>}). */
    @Override
    public synchronized long append(long ino, byte[] data, int dataOffset, int len) {
        write(ino, 0, data, dataOffset, len);
        return 0; // a command file has no content
    }

    /** Only truncating a command file (as opening it with O_TRUNC does) is allowed: it has no content. */
    @Override
    public synchronized FileAttributes setattr(long ino, SetAttributes changes) {
        ControlNode node = ControlNode.of(ino);
        if (node != null
                && node.kind == Kind.COMMAND
                && changes.size() != null
                && changes.size() == 0
                && changes.mode() == null
                && changes.atimeNs() == null
                && changes.mtimeNs() == null) {
            return attributes(node, false);
        }
        getattr(ino); // NOT_FOUND first
        throw readOnly();
    }

    /** An existing name is returned (or EXISTS when exclusive), as the contract says; no new file. */
    @Override
    public synchronized FileAttributes create(long dir, String name, int mode, boolean exclusive) {
        FileAttributes existing;
        try {
            existing = lookup(dir, name);
        } catch (FsException e) {
            if (e.error() != FsError.NOT_FOUND) {
                throw e;
            }
            throw readOnly();
        }
        if (exclusive) {
            throw new FsException(FsError.EXISTS, name + " exists");
        }
        return existing;
    }

    @Override
    public FileAttributes mkdir(long dir, String name, int mode) {
        throw readOnly();
    }

    @Override
    public FileAttributes symlink(long dir, String name, String target) {
        throw readOnly();
    }

    @Override
    public FileAttributes link(long ino, long newDir, String newName) {
        throw readOnly();
    }

    @Override
    public synchronized String readlink(long ino) {
        ControlNode node = ControlNode.of(ino);
        if (node != null) {
            throw new FsException(FsError.INVALID, node.name + " is not a symbolic link");
        }
        Target target = target(ino);
        return views.fs(target.view()).readlink(target.ino());
    }

    @Override
    public void unlink(long dir, String name) {
        throw readOnly();
    }

    @Override
    public void rmdir(long dir, String name) {
        throw readOnly();
    }

    @Override
    public void rename(long fromDir, String fromName, long toDir, String toName) {
        throw readOnly();
    }

    /** Nothing is buffered here: a command takes effect in its write. */
    @Override
    public synchronized void sync(long ino) {
        getattr(ino);
    }

    /**
     * Nothing is buffered here, but the snapshot views are closed (they open again when used): the
     * host commits every preopen when the run ends, and a view left open would hold the tenant
     * after it, so that a snapshot taken then (e.g. {@code run --snapshot}) would be BUSY.
     */
    @Override
    public synchronized void syncAll() {
        views.closeAll();
    }

    /** Documents looked up from now on are generated anew. */
    @Override
    public synchronized void refresh() {
        documents.markStale();
    }

    /** Closes the snapshot views. */
    @Override
    public synchronized void close() {
        views.close();
    }

    private FileAttributes attributes(ControlNode node, boolean current) {
        long size = 0;
        long nlink = 1;
        int mode;
        switch (node.kind) {
            case DIRECTORY -> {
                mode = DIRECTORY_MODE;
                nlink = 2
                        + (node == ControlNode.SNAPSHOTS
                                ? plane.tree().snapshots().size()
                                : node.children().stream()
                                        .filter(c -> c.kind == Kind.DIRECTORY)
                                        .count());
            }
            case DOCUMENT -> {
                mode = DOCUMENT_MODE;
                size = (current ? documents.current(node) : documents.content(node)).length;
            }
            default -> mode = COMMAND_MODE;
        }
        return new FileAttributes(node.ino, type(node), mode, nlink, size, createdNs, createdNs, createdNs);
    }

    private static FileType type(ControlNode node) {
        return node.kind == Kind.DIRECTORY ? FileType.DIRECTORY : FileType.REGULAR;
    }

    private static void requireDirectory(ControlNode node) {
        if (node.kind != Kind.DIRECTORY) {
            throw new FsException(FsError.NOT_DIRECTORY, node.name + " is not a directory");
        }
    }

    /** The snapshot called {@code name}; its view is forgotten when there is none any more. */
    private Snapshot snapshot(String name) {
        return plane.tree().findSnapshot(name).orElseThrow(() -> {
            views.forget(name);
            return new FsException(FsError.NOT_FOUND, "no snapshot " + name);
        });
    }

    /** Where an inode inside {@code snapshots/} lives; a snapshot's directory is found by its name. */
    private Target target(long ino) {
        String name = views.directoryName(ino);
        if (name != null) {
            return views.root(snapshot(name));
        }
        return views.target(ino);
    }

    private static FsException readOnly() {
        return new FsException(
                FsError.READ_ONLY,
                "the control files are read-only, apart from layers/new, " + "layers/switch and layers/drop");
    }
}
