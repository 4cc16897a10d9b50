package io.tarbox.cli.transfer;

import io.tarbox.cli.command.Format;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HeldPath;
import io.tarbox.storage.host.HostDirectory;
import io.tarbox.storage.host.HostFile;
import io.tarbox.storage.host.HostStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Copies a host directory's contents into a directory of the tree: files (streamed), directories,
 * symbolic links (not followed), permission bits and modification times. Other file types are
 * skipped with a warning.
 *
 * <p>Everything is read through held directory handles ({@link HostDirectory}), never by host
 * path: each directory is opened from its parent's handle without following a symlink and checked
 * to be the one just listed, each file is opened with O_NOFOLLOW. A process that swaps a directory
 * of the source for a symlink while the import runs makes it fail or skip that name; it cannot make
 * the import read anything outside the source directory. The walk is iterative and deep trees need
 * a bounded number of descriptors ({@link HeldPath}).
 */
public final class HostImport {
    /** A directory being copied: the names still to copy, its inode in the tree, its host attributes. */
    private record Pending(Iterator<String> names, long ino, HostStat stat) {}

    private final FilesystemInterface fs;
    private final Progress progress;
    private final PrintStream warnings;
    private final Counts counts = new Counts();
    private final DeferredTimes times = new DeferredTimes();

    public HostImport(FilesystemInterface fs, Progress progress, PrintStream warnings) {
        this.fs = fs;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** The bytes of the regular files under {@code source}, for a progress bar. */
    public static long contentSize(HostDirectory source) throws IOException {
        long total = 0;
        Deque<Iterator<String>> pending = new ArrayDeque<>();
        try (HeldPath path = new HeldPath(source)) {
            pending.push(source.list().iterator());
            while (!pending.isEmpty()) {
                if (!pending.peek().hasNext()) {
                    pending.pop();
                    if (path.depth() > 0) {
                        path.leave();
                    }
                    continue;
                }
                String name = pending.peek().next();
                HostDirectory dir = path.current();
                HostStat stat = dir.statOrNull(name);
                if (stat == null) {
                    continue;
                }
                if (stat.isRegular()) {
                    total += stat.size();
                } else if (stat.isDirectory()) {
                    HostDirectory sub = dir.openDirectory(name, stat);
                    path.enter(name, sub);
                    pending.push(sub.list().iterator());
                }
            }
        }
        return total;
    }

    /** Copies everything under {@code source} into directory {@code target}. */
    public Counts copy(HostDirectory source, long target) throws IOException {
        Deque<Pending> pending = new ArrayDeque<>();
        try (HeldPath path = new HeldPath(source)) {
            pending.push(new Pending(source.list().iterator(), target, source.stat()));
            while (!pending.isEmpty()) {
                Pending top = pending.peek();
                if (!top.names().hasNext()) {
                    pending.pop();
                    setTimes(top.ino(), top.stat());
                    if (path.depth() > 0) {
                        path.leave();
                    }
                    continue;
                }
                String name = top.names().next();
                HostDirectory dir = path.current();
                HostStat stat = dir.statOrNull(name);
                if (stat == null) {
                    continue; // removed since the listing
                }
                if (stat.isDirectory()) {
                    HostDirectory sub = dir.openDirectory(name, stat); // a symlink put there meanwhile fails
                    path.enter(name, sub);
                    long ino = fs.mkdir(top.ino(), name, stat.mode() & 0777).ino();
                    pending.push(new Pending(sub.list().iterator(), ino, stat));
                    counts.directories++;
                } else if (stat.isSymlink()) {
                    long ino = fs.symlink(top.ino(), name, dir.readlink(name)).ino();
                    setTimes(ino, stat);
                    counts.symlinks++;
                } else if (stat.isRegular()) {
                    copyFile(dir, name, top.ino());
                } else {
                    warnings.println("tarbox: import: skipping " + Format.oneLine(dir + "/" + name)
                            + ": not a regular file, directory or symbolic link");
                    counts.skipped++;
                }
            }
        }
        times.apply(fs);
        return counts;
    }

    private void copyFile(HostDirectory dir, String name, long parent) throws IOException {
        try (HostFile file = dir.openFile(name, false); // O_NOFOLLOW: a symlink put there meanwhile fails
                InputStream in = file.inputStream()) {
            HostStat stat = file.stat(); // of what was opened, not of what the name held before
            long ino = fs.create(parent, name, stat.mode() & 0777, true).ino();
            counts.bytes += Streams.intoFile(in, fs, ino, progress);
            setTimes(ino, stat);
        }
        counts.files++;
    }

    private void setTimes(long ino, HostStat stat) {
        times.add(ino, stat.atimeNs(), stat.mtimeNs());
    }
}
