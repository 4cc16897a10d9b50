package io.tarbox.cli.transfer;

import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;

/**
 * Copies a directory of the tree into a host directory: files (streamed), directories, symbolic
 * links, permission bits and modification times. Hard links become separate copies.
 */
public final class HostExport implements Tree.Visitor {
    private final Tree tree;
    private final Path hostDir;
    private final Progress progress;
    private final Counts counts = new Counts();

    public HostExport(Tree tree, Path hostDir, Progress progress) {
        this.tree = tree;
        this.hostDir = hostDir;
        this.progress = progress;
    }

    /** Copies everything under directory {@code source} into {@code hostDir}, which exists. */
    public Counts copy(long source) throws IOException {
        tree.walk(source, this);
        return counts;
    }

    @Override
    public void directory(String path, FileAttributes attributes) throws IOException {
        Files.createDirectory(hostDir.resolve(path));
        counts.directories++;
    }

    @Override
    public void directoryDone(String path, FileAttributes attributes) throws IOException {
        // After the contents: a read-only mode would have stopped them being written.
        Path dir = hostDir.resolve(path);
        HostFiles.setMode(dir, attributes.mode());
        setTimes(dir, attributes, false);
    }

    @Override
    public void file(String path, FileAttributes attributes) throws IOException {
        Path file = hostDir.resolve(path);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            counts.bytes += Streams.fromFile(tree.fs(), attributes.ino(), out, progress);
        }
        HostFiles.setMode(file, attributes.mode());
        setTimes(file, attributes, false);
        counts.files++;
    }

    @Override
    public void symlink(String path, FileAttributes attributes, String target) throws IOException {
        Path link = hostDir.resolve(path);
        Files.createSymbolicLink(link, Path.of(target));
        setTimes(link, attributes, true);
        counts.symlinks++;
    }

    private static void setTimes(Path path, FileAttributes attributes, boolean symlink) throws IOException {
        BasicFileAttributeView view = symlink
                ? Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                : Files.getFileAttributeView(path, BasicFileAttributeView.class);
        try {
            view.setTimes(TimeAttributes.fileTime(attributes.mtimeNs()), TimeAttributes.fileTime(attributes.atimeNs()), null);
        } catch (IOException e) {
            if (!symlink) {
                throw e;
            }
            // Some hosts cannot set a symlink's own times; its target is what matters.
        }
    }
}
