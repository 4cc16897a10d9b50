package io.tarbox.cli.transfer;

import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.storage.host.HostDirectory;
import io.tarbox.storage.host.HostFile;
import io.tarbox.storage.host.HostStat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a directory of the tree into a host directory: files (streamed), directories, symbolic
 * links, permission bits and modification times. Hard links become separate copies.
 *
 * <p>Everything is written through held directory handles ({@link HostDirectory}), never by host
 * path: each directory is made and then opened from its parent's handle without following a
 * symlink, each file is created with O_CREAT|O_EXCL|O_NOFOLLOW and written through its own
 * descriptor. A process that renames a just-created directory and plants a symlink in its place
 * makes the export fail; it cannot redirect a single write outside {@code hostDir}.
 *
 * <p>Only the deepest {@value #OPEN_HANDLES} directories of the walk, and every
 * {@value #OPEN_HANDLES}th one above them, keep their handle open, so a chain of directories any
 * number deep needs a bounded number of descriptors; a closed one is opened again from the
 * nearest open ancestor, each step checked to be the directory that was made (device and inode).
 */
public final class HostExport implements Tree.Visitor {
    private static final int OPEN_HANDLES = 64;
    /** Permission bits while a directory is being filled; its own mode is set once it is complete. */
    private static final int FILLING_MODE = 0700;

    /** A directory of the export on the host: its name, identity and (maybe) open handle. */
    private static final class Level {
        final String name;
        final HostStat identity;
        HostDirectory handle;

        Level(String name, HostStat identity, HostDirectory handle) {
            this.name = name;
            this.identity = identity;
            this.handle = handle;
        }
    }

    private final Tree tree;
    private final Progress progress;
    private final Counts counts = new Counts();
    /** The directories from {@code hostDir} down to where the walk stands. */
    private final List<Level> levels = new ArrayList<>();

    /** @param hostDir the (empty) target, held; closed by the caller */
    public HostExport(Tree tree, HostDirectory hostDir, Progress progress) throws IOException {
        this.tree = tree;
        this.progress = progress;
        levels.add(new Level(null, hostDir.stat(), hostDir));
    }

    /** Copies everything under directory {@code source} into the target. */
    public Counts copy(long source) throws IOException {
        try {
            tree.walk(source, this);
        } finally {
            for (int i = 1; i < levels.size(); i++) {
                close(levels.get(i));
            }
        }
        return counts;
    }

    @Override
    public void directory(String path, FileAttributes attributes) throws IOException {
        HostDirectory parent = current();
        String name = Tree.baseName(path);
        parent.makeDirectory(name, FILLING_MODE);
        HostDirectory made = parent.openDirectory(name); // a symlink planted meanwhile fails here
        levels.add(new Level(name, made.stat(), made));
        int depth = levels.size() - 1;
        int spare = depth - OPEN_HANDLES; // the deepest ones stay open, and every OPEN_HANDLES-th above
        if (spare > 0 && spare % OPEN_HANDLES != 0) {
            close(levels.get(spare));
        }
        counts.directories++;
    }

    @Override
    public void directoryDone(String path, FileAttributes attributes) throws IOException {
        // After the contents: a read-only mode would have stopped them being written.
        HostDirectory handle = current();
        Level done = levels.remove(levels.size() - 1);
        try {
            handle.setMode(attributes.mode());
            handle.setTimes(attributes.atimeNs(), attributes.mtimeNs());
        } finally {
            close(done);
        }
    }

    @Override
    public void file(String path, FileAttributes attributes) throws IOException {
        try (HostFile file = current().createFile(Tree.baseName(path), attributes.mode());
                OutputStream out = file.outputStream()) {
            counts.bytes += Streams.fromFile(tree.fs(), attributes.ino(), out, progress);
            file.setMode(attributes.mode()); // exactly, whatever the umask took away
            file.setTimes(attributes.atimeNs(), attributes.mtimeNs());
        }
        counts.files++;
    }

    @Override
    public void symlink(String path, FileAttributes attributes, String target) throws IOException {
        HostDirectory parent = current();
        String name = Tree.baseName(path);
        parent.symlink(name, target);
        try {
            parent.setTimes(name, attributes.atimeNs(), attributes.mtimeNs());
        } catch (IOException e) {
            // Some hosts cannot set a symlink's own times; its target is what matters.
        }
        counts.symlinks++;
    }

    /** The handle of the directory the walk stands in, opened again if it was closed. */
    private HostDirectory current() throws IOException {
        int top = levels.size() - 1;
        if (levels.get(top).handle == null) {
            int open = top;
            while (levels.get(open).handle == null) {
                open--;
            }
            for (int i = open + 1; i <= top; i++) {
                Level level = levels.get(i);
                level.handle = levels.get(i - 1).handle.openDirectory(level.name, level.identity);
            }
        }
        return levels.get(top).handle;
    }

    private static void close(Level level) {
        if (level.handle != null) {
            level.handle.close();
            level.handle = null;
        }
    }
}
