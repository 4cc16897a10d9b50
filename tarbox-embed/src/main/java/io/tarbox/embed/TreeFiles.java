package io.tarbox.embed;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Resolved;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Path-based helpers over one open tree (paths rooted at the tree's "/"), for the embedding API:
 * directories, whole files, importing a host directory. Every walk goes through the one
 * {@link PathResolver}.
 */
final class TreeFiles {
    static final int DIRECTORY_MODE = 0755;
    static final int FILE_MODE = 0644;
    private static final int CHUNK = 64 * 1024;

    private final FilesystemInterface fs;
    private final PathResolver resolver;

    TreeFiles(FilesystemInterface fs) {
        this.fs = fs;
        this.resolver = PathResolver.rooted(fs);
    }

    /** Creates a directory and its missing parents; an existing directory is fine. Returns its inode. */
    long mkdirs(String path) {
        return resolver.mkdirs(path, DIRECTORY_MODE);
    }

    /** The inode of an existing directory. @throws FsException NOT_FOUND, NOT_DIRECTORY */
    long directory(String path) {
        FileAttributes attributes = resolver.resolve(path, true).existing();
        if (!attributes.isDirectory()) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + path);
        }
        return attributes.ino();
    }

    /** Writes a whole file (created or truncated); its directory must exist. */
    void writeFile(String path, byte[] content) {
        Resolved target = resolver.resolve(path, true);
        if (target.name() == null) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + path);
        }
        FileAttributes file =
                target.exists() ? target.attributes() : fs.create(target.dir(), target.name(), FILE_MODE, false);
        if (file.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + path);
        }
        fs.truncate(file.ino(), 0);
        for (int at = 0; at < content.length; at += CHUNK) {
            fs.write(file.ino(), at, content, at, Math.min(CHUNK, content.length - at));
        }
    }

    /** A whole regular file, or empty when the path names nothing. @throws FsException IS_DIRECTORY */
    Optional<byte[]> readFile(String path) {
        Resolved target;
        try {
            target = resolver.resolve(path, true);
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND || e.error() == FsError.NOT_DIRECTORY) {
                return Optional.empty();
            }
            throw e;
        }
        if (!target.exists()) {
            return Optional.empty();
        }
        if (target.attributes().isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + path);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        long offset = 0;
        int n;
        while ((n = fs.read(target.attributes().ino(), offset, buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
            offset += n;
        }
        return Optional.of(out.toByteArray());
    }

    /**
     * Copies host directory {@code host} (files, directories, symlinks as they are; other kinds
     * skipped) into tree directory {@code path}, created when missing. Existing files are replaced.
     */
    void importDirectory(Path host, String path) {
        if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a host directory: " + host);
        }
        long root = mkdirs(path);
        Deque<Long> dirs = new ArrayDeque<>();
        try {
            Files.walkFileTree(host, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(host)) {
                        dirs.push(root);
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    FileAttributes existing = lookup(dirs.peek(), name);
                    long ino = existing != null && existing.isDirectory()
                            ? existing.ino()
                            : fs.mkdir(dirs.peek(), name, DIRECTORY_MODE).ino();
                    dirs.push(ino);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = file.getFileName().toString();
                    if (attrs.isSymbolicLink()) {
                        if (lookup(dirs.peek(), name) != null) {
                            fs.unlink(dirs.peek(), name);
                        }
                        fs.symlink(
                                dirs.peek(), name, Files.readSymbolicLink(file).toString());
                    } else if (attrs.isRegularFile()) {
                        FileAttributes created = fs.create(dirs.peek(), name, FILE_MODE, false);
                        fs.truncate(created.ino(), 0);
                        copy(file, created.ino());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    dirs.pop();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + host + ": " + e.getMessage(), e);
        }
    }

    private FileAttributes lookup(long dir, String name) {
        try {
            return fs.lookup(dir, name);
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private void copy(Path file, long ino) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long offset = 0;
        try (var in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                fs.write(ino, offset, buffer, 0, n);
                offset += n;
            }
        }
    }
}
