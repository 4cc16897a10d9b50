package io.tarbox.cli.transfer;

import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.storage.host.HeldPath;
import io.tarbox.storage.host.HostDirectory;
import io.tarbox.storage.host.HostFile;
import java.io.IOException;
import java.io.OutputStream;

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
 * <p>Deep trees need a bounded number of descriptors ({@link HeldPath}).
 */
public final class HostExport implements Tree.Visitor {
    /** Permission bits while a directory is being filled; its own mode is set once it is complete. */
    private static final int FILLING_MODE = 0700;

    private final Tree tree;
    private final Progress progress;
    private final Counts counts = new Counts();
    /** The directories from {@code hostDir} down to where the walk stands. */
    private final HeldPath levels;

    /** @param hostDir the (empty) target, held; closed by the caller */
    public HostExport(Tree tree, HostDirectory hostDir, Progress progress) throws IOException {
        this.tree = tree;
        this.progress = progress;
        this.levels = new HeldPath(hostDir);
    }

    /** Copies everything under directory {@code source} into the target. */
    public Counts copy(long source) throws IOException {
        try (levels) {
            tree.walk(source, this);
        }
        return counts;
    }

    @Override
    public void directory(String path, FileAttributes attributes) throws IOException {
        HostDirectory parent = levels.current();
        String name = Tree.baseName(path);
        parent.makeDirectory(name, FILLING_MODE);
        levels.enter(name, parent.openDirectory(name)); // a symlink planted meanwhile fails here
        counts.directories++;
    }

    @Override
    public void directoryDone(String path, FileAttributes attributes) throws IOException {
        // After the contents: a read-only mode would have stopped them being written.
        HostDirectory handle = levels.current();
        try {
            handle.setMode(attributes.mode());
            handle.setTimes(attributes.atimeNs(), attributes.mtimeNs());
        } finally {
            levels.leave();
        }
    }

    @Override
    public void file(String path, FileAttributes attributes) throws IOException {
        try (HostFile file = levels.current().createFile(Tree.baseName(path), attributes.mode());
                OutputStream out = file.outputStream()) {
            counts.bytes += Streams.fromFile(tree.fs(), attributes.ino(), out, progress);
            file.setMode(attributes.mode()); // exactly, whatever the umask took away
            file.setTimes(attributes.atimeNs(), attributes.mtimeNs());
        }
        counts.files++;
    }

    @Override
    public void symlink(String path, FileAttributes attributes, String target) throws IOException {
        HostDirectory parent = levels.current();
        String name = Tree.baseName(path);
        parent.symlink(name, target);
        try {
            parent.setTimes(name, attributes.atimeNs(), attributes.mtimeNs());
        } catch (IOException e) {
            // Some hosts cannot set a symlink's own times; its target is what matters.
        }
        counts.symlinks++;
    }
}
