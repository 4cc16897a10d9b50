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
 * The read-only views under {@code /.tarbox/snapshots}: one opened per snapshot when a program
 * first looks it up, kept until the run ends. Each view numbers its inodes on its own, so this is
 * where they are translated: every (view, inode) pair a program reaches gets an inode number of
 * the control filesystem, above its fixed nodes, which stays the same for the run.
 */
final class SnapshotViews implements AutoCloseable {
    /** One opened snapshot. */
    static final class View {
        final String name;
        final long layer;
        final FilesystemInterface fs;
        /** The view's inode numbers → the control filesystem's. */
        private final Map<Long, Long> inos = new HashMap<>();

        private View(String name, long layer, FilesystemInterface fs) {
            this.name = name;
            this.layer = layer;
            this.fs = fs;
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
    /** Control inode → view inode, for every inode of a view that a program reached. */
    private final Map<Long, Target> targets = new HashMap<>();
    /** Every view opened, closed when the run ends. */
    private final List<View> opened = new ArrayList<>();

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

    /**
     * The view of {@code snapshot}, opened if needed; a name dropped and taken again since shows
     * the new snapshot.
     */
    View view(Snapshot snapshot) {
        View view = current.get(snapshot.name());
        if (view != null && view.layer == snapshot.layer()) {
            return view;
        }
        view = new View(snapshot.name(), snapshot.layer(), plane.openSnapshot(snapshot.name()));
        opened.add(view);
        current.put(snapshot.name(), view);
        view.inos.put(view.fs.rootIno(), directory(snapshot.name()));
        return view;
    }

    /** The name is no longer a snapshot: its next look-up opens whatever takes the name. */
    void forget(String name) {
        current.remove(name);
    }

    /**
     * Where a control inode inside a snapshot's directory lives (the directories themselves are
     * found by name, see {@link #directoryName}). A view stays open for the inodes reached through
     * it even after its snapshot was dropped: what the storage still has can be read.
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
        return new FileAttributes(ino(view, attributes.ino()), attributes.type(), attributes.mode(),
                attributes.nlink(), attributes.size(), attributes.atimeNs(), attributes.mtimeNs(),
                attributes.ctimeNs());
    }

    @Override
    public void close() {
        FsException failure = null;
        for (View view : opened) {
            try {
                view.fs.close();
            } catch (FsException e) {
                failure = failure == null ? e : failure;
            }
        }
        opened.clear();
        current.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
