package io.tarbox.cli.transfer;

import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory of the tree as a POSIX (pax) tar stream: files (streamed), directories,
 * symbolic links, permission bits and modification times. Hard links become separate copies.
 */
public final class TarExport implements Tree.Visitor {
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final Tree tree;
    private final TarArchiveOutputStream tar;
    private final Progress progress;
    private final Counts counts = new Counts();

    public TarExport(Tree tree, OutputStream out, Progress progress) {
        this.tree = tree;
        this.tar = new TarArchiveOutputStream(out, "UTF-8");
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setAddPaxHeadersForNonAsciiNames(true);
        this.progress = progress;
    }

    /** Writes everything under directory {@code source} and the end-of-archive marker. */
    public Counts write(long source) throws IOException {
        tree.walk(source, this);
        tar.finish();
        tar.flush();
        return counts;
    }

    @Override
    public void directory(String path, FileAttributes attributes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path + "/", TarConstants.LF_DIR);
        describe(entry, attributes, S_IFDIR);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        counts.directories++;
    }

    @Override
    public void file(String path, FileAttributes attributes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
        describe(entry, attributes, S_IFREG);
        entry.setSize(attributes.size());
        tar.putArchiveEntry(entry);
        counts.bytes += Streams.fromFile(tree.fs(), attributes.ino(), tar, progress);
        tar.closeArchiveEntry();
        counts.files++;
    }

    @Override
    public void symlink(String path, FileAttributes attributes, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
        describe(entry, attributes, S_IFLNK);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        counts.symlinks++;
    }

    private static void describe(TarArchiveEntry entry, FileAttributes attributes, int typeBits) {
        entry.setMode(typeBits | (attributes.mode() & 07777));
        entry.setLastModifiedTime(TimeAttributes.fileTime(attributes.mtimeNs()));
    }
}
