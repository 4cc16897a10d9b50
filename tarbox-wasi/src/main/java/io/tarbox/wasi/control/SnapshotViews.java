package io.tarbox.wasi.control;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only views under {@code /.tarbox/snapshots}. Each view numbers its inodes on its own, so
 * this is where they are translated: every (view, inode) pair a program reaches gets an inode
 * number of the control filesystem, above its fixed nodes, which stays the same for the run.
 *
 * <p>A view is opened when a program first needs it, and closed ({@link #closeAll}) before every
 * layer command and when the host commits the run's preopens: an open view holds the tenant like
 * another process would (it joins the tenant as every open tree does), so a layer
 * command, or a snapshot taken after the run, would fail with BUSY. A closed
 * view is opened again on its next use; its inode numbers are those of its layer, so the
 * program's descriptors into it keep working, as long as the snapshot still names that layer.
 */
final class SnapshotViews implements AutoCloseable {
    /** One snapshot's view: the layer it shows, and the filesystem while it is open. */
    static final class View {
        final String name;
        final long layer;
        private FilesystemInterface fs;
        private long rootIno;
        /** The view's inode numbers → the control filesystem's. */
        private final Map<Long, Long> inos = new HashMap<>();

        private View(String name, long layer) {
            this.name = name;
            this.layer = layer;
        }
    }

    /** A translated inode: where it lives. */
    record Target(View view, long ino) {}

    private final ControlPlane plane;
    private long nextIno = ControlNode.LAST_INO + 1;
    /** Each snapshot name's directory inode, given when the name is first seen. */
    private final Map<String, Long> directories = new HashMap<>();

    private final Map<Long, String> names = new HashMap<>();
    /** The view each name shows now. */
    private final Map<String, View> current = new HashMap<>();
    /** Control inode → view inode, for every inode below a snapshot's directory that a program reached. */
    private final Map<Long, Target> targets = new HashMap<>();

    private final List<View> views = new ArrayList<>();

    SnapshotViews(ControlPlane plane) {
        this.plane = plane;
    }

    /** The inode of the directory {@code snapshots/NAME}; the same number for the whole run. */
    long directory(String name) {
        Long ino = directories.get(name);
        if (ino == null) {
            ino = nextIno++;
            directories.put(name, ino);
            names.put(ino, name);
        }
        return ino;
    }

    /** The snapshot name whose directory {@code ino} is, or null. */
    String directoryName(long ino) {
        return names.get(ino);
    }

    /** The root of the view of {@code snapshot}; a name dropped and taken again shows the new snapshot. */
    Target root(Snapshot snapshot) {
        View view = current.get(snapshot.name());
        if (view == null || view.layer != snapshot.layer()) {
            view = new View(snapshot.name(), snapshot.layer());
            views.add(view);
            current.put(snapshot.name(), view);
        }
        fs(view);
        return new Target(view, view.rootIno);
    }

    /** The name is no longer a snapshot: its next look-up shows whatever takes the name. */
    void forget(String name) {
        current.remove(name);
    }

    /**
     * The view's filesystem, opened again if it was closed.
     *
     * @throws FsException NOT_FOUND when its snapshot was dropped (or the name now names another layer)
     */
    FilesystemInterface fs(View view) {
        if (view.fs == null) {
            boolean shown = plane.tree()
                    .findSnapshot(view.name)
                    .map(s -> s.layer() == view.layer)
                    .orElse(false);
            if (!shown) {
                throw new FsException(FsError.NOT_FOUND, "snapshot " + view.name + " was dropped");
            }
            view.fs = plane.openSnapshot(view.name);
            view.rootIno = view.fs.rootIno();
            view.inos.put(view.rootIno, directory(view.name));
        }
        return view.fs;
    }

    /**
     * Where a control inode below a snapshot's directory lives (the directories themselves are
     * found by name, see {@link #directoryName}).
     *
     * @throws FsException NOT_FOUND when no program reached such an inode
     */
    Target target(long ino) {
        Target target = targets.get(ino);
        if (target == null) {
            throw new FsException(FsError.NOT_FOUND, "no such control file");
        }
        return target;
    }

    /** The control inode for {@code view}'s inode {@code viewIno}, numbered now if new. */
    long ino(View view, long viewIno) {
        Long ino = view.inos.get(viewIno);
        if (ino == null) {
            ino = nextIno++;
            view.inos.put(viewIno, ino);
            targets.put(ino, new Target(view, viewIno));
        }
        return ino;
    }

    /** {@code attributes} of a view's inode with the control inode number. */
    FileAttributes translate(View view, FileAttributes attributes) {
        return new FileAttributes(
                ino(view, attributes.ino()),
                attributes.type(),
                attributes.mode(),
                attributes.nlink(),
                attributes.size(),
                attributes.atimeNs(),
                attributes.mtimeNs(),
                attributes.ctimeNs());
    }

    /** Closes every open view (they open again when used). */
    void closeAll() {
        FsException failure = null;
        for (View view : views) {
            if (view.fs == null) {
                continue;
            }
            try {
                view.fs.close();
            } catch (FsException e) {
                failure = failure == null ? e : failure;
            }
            view.fs = null;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        closeAll();
    }
}
