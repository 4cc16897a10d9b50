package io.tarbox.core.path;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks a path component by component from a directory inode, within a root it can never leave.
 * This is the only path walker in Tarbox: the WASI host resolves every guest path with a
 * {@link Confinement#CONFINED} resolver rooted at the preopen, the CLI with a
 * {@link Confinement#ROOTED} one at the tenant's root.
 *
 * <p>Symlinks met before the last component are always followed; the last one only when asked
 * (or when the path ends in '/'). A followed target is walked from the directory holding the link,
 * so a relative target can never reach further than a typed path could.
 */
public final class PathResolver {
    /** Most symlinks one resolution follows before it fails with LOOP, as Linux's MAXSYMLINKS. */
    public static final int SYMLOOP_MAX = 40;

    /** What happens when a path tries to go above the root. */
    public enum Confinement {
        /**
         * A sandbox root (a WASI preopen): absolute paths, absolute symlink targets and ".." above
         * the root fail with {@link FsError#NOT_PERMITTED}, as in wasmtime.
         */
        CONFINED,
        /** The root is "/" of the tree: absolute paths start there and ".." at the root stays there. */
        ROOTED
    }

    /**
     * The outcome of a resolution.
     *
     * @param dir the directory holding the last component (when {@code name} is null: the directory
     *     the path names itself)
     * @param name the last component, or null when the path ends in "." or ".." or is the root
     * @param attributes what the path names, or null when the last component does not exist
     * @param trailingSlash the path ended in '/', so it must name (or create) a directory
     * @param walked the way actually walked from the start to what the path names, after following
     *     symlinks and "..": names joined by '/', "" for the start itself, led by one "../" per
     *     level it rose above the start, or by "/" when an absolute path or target sent it to the
     *     root. A write through {@code notes.txt -> secret/config.txt} walked
     *     {@code secret/config.txt}: this is what the audit trail records as the object changed.
     */
    public record Resolved(long dir, String name, FileAttributes attributes, boolean trailingSlash, String walked) {
        public boolean exists() {
            return attributes != null;
        }

        /** The attributes, or NOT_FOUND when the path names nothing. */
        public FileAttributes existing() {
            if (attributes == null) {
                throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + name);
            }
            return attributes;
        }
    }

    private final FilesystemInterface fs;
    private final long root;
    private final Confinement confinement;

    public PathResolver(FilesystemInterface fs, long root, Confinement confinement) {
        this.fs = fs;
        this.root = root;
        this.confinement = confinement;
    }

    /** A resolver over a whole tree, where "/" is the tree's root. */
    public static PathResolver rooted(FilesystemInterface fs) {
        return new PathResolver(fs, fs.rootIno(), Confinement.ROOTED);
    }

    public long root() {
        return root;
    }

    /** Resolves {@code path} from the root (a ROOTED path may start with '/'). */
    public Resolved resolve(String path, boolean followFinalSymlink) {
        return resolve(root, path, followFinalSymlink);
    }

    /**
     * Creates directory {@code path} (from the root) and its missing parents with {@code mode}; an
     * existing directory is fine, symlinks on the way are followed. Returns its inode.
     *
     * @throws FsException NOT_DIRECTORY when a component exists and is not a directory
     */
    public long mkdirs(String path, int mode) {
        long dir = root;
        for (String component : path.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            Resolved next = resolve(dir, component, true);
            if (next.exists()) {
                if (!next.attributes().isDirectory()) {
                    throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + component);
                }
                dir = next.attributes().ino();
            } else {
                dir = fs.mkdir(next.dir(), next.name(), mode).ino();
            }
        }
        return dir;
    }

    /**
     * Resolves {@code path} relative to directory {@code start}, which must lie under the root.
     *
     * @throws FsException NOT_FOUND (a missing directory on the way, or an empty path), NOT_DIRECTORY,
     *     LOOP, NAME_TOO_LONG, INVALID (a NUL byte), NOT_PERMITTED (leaving a CONFINED root)
     */
    public Resolved resolve(long start, String path, boolean followFinalSymlink) {
        if (path.isEmpty()) {
            throw new FsException(FsError.NOT_FOUND, "empty path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVALID, "NUL byte in path");
        }
        if (Names.utf8Length(path) > Names.PATH_MAX) {
            throw new FsException(FsError.NAME_TOO_LONG, "path longer than " + Names.PATH_MAX + " bytes");
        }
        Walk walk = new Walk(start);
        Deque<String> pending = new ArrayDeque<>();
        boolean trailingSlash = enqueue(pending, path, walk);
        int symlinksFollowed = 0;

        while (true) {
            String component = pending.pollFirst();
            if (component == null) {
                // Ended on ".", ".." or the start itself: the path names the current directory.
                long dir = walk.current();
                return new Resolved(dir, null, fs.getattr(dir), trailingSlash, walk.walked(null));
            }
            if (component.equals("..")) {
                walk.up();
                continue;
            }
            Names.check(component);
            boolean last = pending.isEmpty();
            FileAttributes attributes = lookupOrNull(walk.current(), component);
            if (attributes == null) {
                if (last) {
                    return new Resolved(walk.current(), component, null, trailingSlash, walk.walked(component));
                }
                throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + component);
            }
            if (attributes.isSymlink() && (!last || followFinalSymlink || trailingSlash)) {
                if (++symlinksFollowed > SYMLOOP_MAX) {
                    throw new FsException(FsError.LOOP, "too many levels of symbolic links: " + path);
                }
                String target = fs.readlink(attributes.ino());
                if (target.isEmpty()) {
                    throw new FsException(FsError.NOT_FOUND, "empty symbolic link: " + component);
                }
                Deque<String> expanded = new ArrayDeque<>();
                boolean targetSlash = enqueue(expanded, target, walk);
                if (last && targetSlash) {
                    trailingSlash = true;
                }
                while (!expanded.isEmpty()) {
                    pending.addFirst(expanded.pollLast());
                }
                continue;
            }
            if (last) {
                if (trailingSlash && !attributes.isDirectory()) {
                    throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + component);
                }
                return new Resolved(walk.current(), component, attributes, trailingSlash, walk.walked(component));
            }
            if (!attributes.isDirectory()) {
                throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + component);
            }
            walk.down(attributes.ino(), component);
        }
    }

    /**
     * Splits {@code path} into {@code into}, dropping empty and "." components; an absolute path
     * moves the walk to the root (or is refused). Returns whether the path ended in '/'.
     */
    private boolean enqueue(Deque<String> into, String path, Walk walk) {
        if (path.startsWith("/")) {
            if (confinement == Confinement.CONFINED) {
                throw new FsException(FsError.NOT_PERMITTED, "absolute path not allowed here: " + path);
            }
            walk.reset();
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        into.addAll(parts);
        return path.endsWith("/") || path.endsWith("/.") || path.equals(".");
    }

    private FileAttributes lookupOrNull(long dir, String name) {
        try {
            return fs.lookup(dir, name);
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The chain of directories from the root to where the walk stands, and the way it took. */
    private final class Walk {
        private final Deque<Long> chain = new ArrayDeque<>();
        /** Whether the bottom of {@code chain} is the root; false until ".." first needs it. */
        private boolean anchored;
        /** The names walked down from the start (or from the root, when {@link #absolute}). */
        private final Deque<String> names = new ArrayDeque<>();
        /** Levels the walk rose above the start before it went down {@link #names}. */
        private int rise;
        /** An absolute path or target moved the walk to the root. */
        private boolean absolute;

        Walk(long start) {
            chain.push(start);
            anchored = start == root;
        }

        long current() {
            return chain.peek();
        }

        void down(long dir, String name) {
            chain.push(dir);
            names.addLast(name);
        }

        void reset() {
            chain.clear();
            chain.push(root);
            anchored = true;
            names.clear();
            rise = 0;
            absolute = true;
        }

        /** See {@link Resolved#walked}; {@code last} is the final component, if any. */
        String walked(String last) {
            StringBuilder out = new StringBuilder(absolute ? "/" : "");
            for (int i = 0; i < rise; i++) {
                out.append("../");
            }
            for (String name : names) {
                out.append(name).append('/');
            }
            if (last != null) {
                out.append(last);
            } else if (out.length() > 1 && out.charAt(out.length() - 1) == '/') {
                out.setLength(out.length() - 1);
            }
            return out.toString();
        }

        void up() {
            if (!anchored) {
                anchor();
            }
            if (chain.size() == 1) {
                if (confinement == Confinement.CONFINED) {
                    throw new FsException(FsError.NOT_PERMITTED, "path leaves its root via '..'");
                }
                return; // ".." at "/" is "/"
            }
            chain.pop();
            if (names.isEmpty()) {
                rise++;
            } else {
                names.removeLast();
            }
        }

        /** Finds the start directory's ancestors up to the root; refuses one not under the root. */
        private void anchor() {
            long dir = chain.getLast();
            while (dir != root) {
                long parent = fs.parent(dir);
                if (parent == dir) {
                    throw new FsException(FsError.NOT_PERMITTED, "directory is no longer under its root");
                }
                chain.addLast(parent); // the stack's bottom grows toward the root
                dir = parent;
            }
            anchored = true;
        }
    }
}
