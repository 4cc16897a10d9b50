package io.tarbox.wasi.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed part of {@code /.tarbox}: its directories, the files a program reads (generated JSON)
 * and the files it writes a snapshot name to (commands). Each has a fixed inode number; the
 * directories of {@code snapshots/} and what is in them are numbered by {@link SnapshotViews}.
 */
enum ControlNode {
    ROOT(1, null, "", Kind.DIRECTORY),
    LAYERS(2, ROOT, "layers", Kind.DIRECTORY),
    SNAPSHOTS(3, ROOT, "snapshots", Kind.DIRECTORY),
    AUDIT(4, ROOT, "audit", Kind.DIRECTORY),
    STATS(5, ROOT, "stats", Kind.DIRECTORY),
    LAYERS_CURRENT(6, LAYERS, "current", Kind.DOCUMENT),
    LAYERS_LIST(7, LAYERS, "list", Kind.DOCUMENT),
    LAYERS_TREE(8, LAYERS, "tree", Kind.DOCUMENT),
    LAYERS_NEW(9, LAYERS, "new", Kind.COMMAND),
    LAYERS_SWITCH(10, LAYERS, "switch", Kind.COMMAND),
    LAYERS_DROP(11, LAYERS, "drop", Kind.COMMAND),
    AUDIT_RECENT(12, AUDIT, "recent", Kind.DOCUMENT),
    STATS_USAGE(13, STATS, "usage", Kind.DOCUMENT);

    enum Kind {
        DIRECTORY,
        /** Read-only: JSON generated from the tree's state. */
        DOCUMENT,
        /** Write-only: each write is a snapshot name to act on. */
        COMMAND
    }

    /** Inode numbers above this are not fixed nodes. */
    static final long LAST_INO = 13;

    final long ino;
    final ControlNode parent;
    final String name;
    final Kind kind;

    ControlNode(long ino, ControlNode parent, String name, Kind kind) {
        this.ino = ino;
        this.parent = parent;
        this.name = name;
        this.kind = kind;
    }

    /** The node with inode {@code ino}, or null when it is not a fixed node. */
    static ControlNode of(long ino) {
        return ino >= 1 && ino <= LAST_INO ? values()[(int) ino - 1] : null;
    }

    /** The fixed children of this directory, in listing order. */
    List<ControlNode> children() {
        List<ControlNode> out = new ArrayList<>();
        for (ControlNode node : values()) {
            if (node.parent == this) {
                out.add(node);
            }
        }
        return out;
    }

    ControlNode child(String childName) {
        for (ControlNode node : values()) {
            if (node.parent == this && node.name.equals(childName)) {
                return node;
            }
        }
        return null;
    }
}
