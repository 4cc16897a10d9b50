package io.tarbox.cli.transfer;

import io.tarbox.cli.command.Format;
import io.tarbox.core.fs.FilesystemInterface;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copies a host directory's contents into a directory of the tree: files (streamed), directories,
 * symbolic links (not followed), permission bits and modification times. Other file types are
 * skipped with a warning.
 */
public final class HostImport {
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

    /** The bytes of the regular files under {@code hostDir}, for a progress bar. */
    public static long contentSize(Path hostDir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(hostDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    total[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** Copies everything under {@code hostDir} into directory {@code target}. */
    public Counts copy(Path hostDir, long target) throws IOException {
        Deque<Long> dirs = new ArrayDeque<>();
        Files.walkFileTree(hostDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dirs.isEmpty()) {
                    dirs.push(target);
                } else {
                    int mode = HostFiles.mode(dir, HostFiles.DEFAULT_DIRECTORY_MODE);
                    dirs.push(fs.mkdir(dirs.peek(), name(dir), mode).ino());
                    counts.directories++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                long parent = dirs.peek();
                String name = name(file);
                if (attributes.isSymbolicLink()) {
                    long ino = fs.symlink(parent, name, Files.readSymbolicLink(file).toString()).ino();
                    setTimes(ino, attributes);
                    counts.symlinks++;
                } else if (attributes.isRegularFile()) {
                    long ino = fs.create(parent, name, HostFiles.mode(file, HostFiles.DEFAULT_FILE_MODE), true).ino();
                    try (InputStream in = Files.newInputStream(file)) {
                        counts.bytes += Streams.intoFile(in, fs, ino, progress);
                    }
                    setTimes(ino, attributes);
                    counts.files++;
                } else {
                    warnings.println("tarbox: import: skipping " + Format.oneLine(file.toString()) + ": not a regular file, directory or symbolic link");
                    counts.skipped++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                setTimes(dirs.pop(), Files.readAttributes(dir, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                return FileVisitResult.CONTINUE;
            }
        });
        times.apply(fs);
        return counts;
    }

    private void setTimes(long ino, BasicFileAttributes attributes) {
        times.add(ino, TimeAttributes.nanos(attributes.lastAccessTime()), TimeAttributes.nanos(attributes.lastModifiedTime()));
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }
}
