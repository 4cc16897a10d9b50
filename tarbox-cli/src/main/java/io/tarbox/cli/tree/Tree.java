package io.tarbox.cli.tree;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Resolved;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Path-based operations of the CLI over one tenant's tree. Every path a user types is resolved by
 * {@link PathResolver#rooted}; failures become {@link CliException}s naming that path.
 */
public final class Tree {
    /** Entries fetched per {@code readdir} call. */
    private static final int READDIR_BATCH = 512;

    static final int DIRECTORY_MODE = 0755;

    private final FilesystemInterface fs;
    private final PathResolver resolver;

    public Tree(FilesystemInterface fs) {
        this.fs = fs;
        this.resolver = PathResolver.rooted(fs);
    }

    public FilesystemInterface fs() {
        return fs;
    }

    /** An operation on the tree that may also fail on the host side. */
    @FunctionalInterface
    public interface Operation<T> {
        T run() throws IOException;
    }

    /** An operation without a result. */
    @FunctionalInterface
    public interface Action {
        void run() throws IOException;
    }

    /** Runs {@code op}, reporting a failure as one on {@code path}. */
    public static <T> T at(String path, Operation<T> op) {
        try {
            return op.run();
        } catch (FsException e) {
            throw CliException.at(path, e);
        } catch (IOException e) {
            throw CliException.host(path, e);
        }
    }

    /** Runs {@code op}, reporting a failure as one on {@code path}. */
    public static void at(String path, Action op) {
        at(path, () -> {
            op.run();
            return null;
        });
    }

    /** Resolves a typed path; the last component may be missing. */
    public Resolved resolve(String path, boolean followFinalSymlink) {
        return at(path, () -> resolver.resolve(path, followFinalSymlink));
    }

    /** What an existing path names; "not found" (exit code 3) otherwise. */
    public FileAttributes existing(String path, boolean followFinalSymlink) {
        Resolved resolved = resolve(path, followFinalSymlink);
        if (!resolved.exists()) {
            throw notFound(path);
        }
        return resolved.attributes();
    }

    /** The inode of an existing directory (symlinks followed). */
    public long directory(String path) {
        FileAttributes attributes = existing(path, true);
        if (!attributes.isDirectory()) {
            throw error(path, FsError.NOT_DIRECTORY);
        }
        return attributes.ino();
    }

    /**
     * Where a new entry named by {@code path} goes: its directory and name. The path must not exist
     * (EXISTS, exit code 4) and its directory must (NOT_FOUND, exit code 3).
     */
    public Resolved absent(String path) {
        Resolved resolved = resolve(path, false);
        if (resolved.exists() || resolved.name() == null) {
            throw error(path, FsError.EXISTS);
        }
        return resolved;
    }

    /** Creates a directory and any missing parents; an existing directory is fine. */
    public long mkdirs(String path) {
        return at(path, () -> resolver.mkdirs(path, DIRECTORY_MODE)); // typed paths are all relative to "/"
    }

    /** All entries of a directory, in the backend's stable order. */
    public List<DirEntry> list(long dir) {
        List<DirEntry> all = new ArrayList<>();
        long cookie = 0;
        while (true) {
            List<DirEntry> batch = fs.readdir(dir, cookie, READDIR_BATCH);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            cookie = batch.get(batch.size() - 1).cookie();
        }
    }

    /** Removes {@code name} in {@code dir} and, if it is a directory, everything under it. */
    public void removeRecursively(long dir, String name) {
        FileAttributes attributes = fs.lookup(dir, name);
        if (attributes.isDirectory()) {
            emptyDirectory(attributes.ino());
            fs.rmdir(dir, name);
        } else {
            fs.unlink(dir, name);
        }
    }

    /** A directory being emptied: {@code name} in {@code parent} is directory {@code ino}. */
    private record Emptying(long parent, String name, long ino) {}

    /**
     * Removes everything under {@code dir}, depth first with a stack of its own (a chain of
     * directories thousands deep must not exhaust the thread's stack).
     */
    private void emptyDirectory(long dir) {
        Deque<Emptying> stack = new ArrayDeque<>();
        stack.push(new Emptying(dir, null, dir));
        while (!stack.isEmpty()) {
            Emptying top = stack.peek();
            // Always from the start: entries already removed are gone, so no cookie is needed.
            List<DirEntry> batch = fs.readdir(top.ino(), 0, READDIR_BATCH);
            if (batch.isEmpty()) {
                stack.pop();
                if (top.name() != null) {
                    fs.rmdir(top.parent(), top.name());
                }
                continue;
            }
            for (DirEntry entry : batch) {
                if (entry.type() == FileType.DIRECTORY) {
                    stack.push(new Emptying(top.ino(), entry.name(), entry.ino()));
                    break; // empty it first, then come back for the rest of this batch
                }
                fs.unlink(top.ino(), entry.name());
            }
        }
    }

    /** Whether a directory has no entries. */
    public boolean isEmptyDirectory(long dir) {
        return fs.readdir(dir, 0, 1).isEmpty();
    }

    /** "a/b" joined with "c" as "a/b/c", without doubling the '/' of the root. */
    public static String join(String parent, String name) {
        return parent.endsWith("/") ? parent + name : parent + "/" + name;
    }

    /** The last component of a host or tree path ("a/b/" gives "b"). */
    public static String baseName(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }

    public static CliException notFound(String path) {
        return error(path, FsError.NOT_FOUND);
    }

    /** The error {@code error} on {@code path}, e.g. {@code /a: is a directory}. */
    public static CliException error(String path, FsError error) {
        return CliException.at(path, new FsException(error));
    }

    /** A refusal that is not one of the contract's errors, e.g. removing the root. */
    public static CliException refused(String path, String why) {
        return new CliException(ExitCodes.FAILED, path + ": " + why);
    }

    /** What {@link #walk} reports, parents before children; paths are relative to the walk's start. */
    public interface Visitor {
        void directory(String path, FileAttributes attributes) throws IOException;

        void file(String path, FileAttributes attributes) throws IOException;

        void symlink(String path, FileAttributes attributes, String target) throws IOException;

        /** After everything under the directory was visited. */
        default void directoryDone(String path, FileAttributes attributes) throws IOException {}
    }

    /** A directory being walked: its entries in name order and how far the walk got. */
    private static final class Walking {
        final String path;
        final FileAttributes attributes;
        final List<DirEntry> entries;
        int next;

        Walking(String path, FileAttributes attributes, List<DirEntry> entries) {
            this.path = path;
            this.attributes = attributes;
            this.entries = entries;
            entries.sort(Comparator.comparing(DirEntry::name));
        }

        String prefix() {
            return path == null ? "" : path + "/";
        }
    }

    /**
     * Visits everything under directory {@code dir} (not {@code dir} itself), in name order, depth
     * first with a stack of its own (any depth: no recursion).
     */
    public void walk(long dir, Visitor visitor) throws IOException {
        Deque<Walking> stack = new ArrayDeque<>();
        stack.push(new Walking(null, null, list(dir)));
        while (!stack.isEmpty()) {
            Walking top = stack.peek();
            if (top.next == top.entries.size()) {
                stack.pop();
                if (top.path != null) {
                    visitor.directoryDone(top.path, top.attributes);
                }
                continue;
            }
            DirEntry entry = top.entries.get(top.next++);
            String path = top.prefix() + entry.name();
            FileAttributes attributes = fs.getattr(entry.ino());
            switch (attributes.type()) {
                case DIRECTORY:
                    visitor.directory(path, attributes);
                    stack.push(new Walking(path, attributes, list(attributes.ino())));
                    break;
                case SYMLINK:
                    visitor.symlink(path, attributes, fs.readlink(attributes.ino()));
                    break;
                default:
                    visitor.file(path, attributes);
            }
        }
    }

    /** The sum of the sizes of the regular files under {@code dir}. */
    public long contentSize(long dir) throws IOException {
        long[] total = {0};
        walk(dir, new Visitor() {
            @Override
            public void directory(String path, FileAttributes attributes) {}

            @Override
            public void file(String path, FileAttributes attributes) {
                total[0] += attributes.size();
            }

            @Override
            public void symlink(String path, FileAttributes attributes, String target) {}
        });
        return total[0];
    }

    /**
     * An empty directory that an import fills, and can put back as it was if the import fails.
     *
     * @param ino the directory
     * @param parent the directory holding it
     * @param name its name there
     * @param created whether the import created it
     */
    public record ImportTarget(long ino, long parent, String name, boolean created) {}

    /**
     * The directory an import fills: {@code path} if it is an empty directory, else a new directory
     * created there. Anything else is refused before the tree changes: a non-empty directory
     * (NOT_EMPTY) or a non-directory (EXISTS), exit code 4.
     */
    public ImportTarget emptyDirectoryFor(String path) {
        Resolved resolved = resolve(path, true);
        if (resolved.exists()) {
            FileAttributes attributes = resolved.attributes();
            if (!attributes.isDirectory()) {
                throw error(path, FsError.EXISTS);
            }
            if (!at(path, () -> isEmptyDirectory(attributes.ino()))) {
                throw error(path, FsError.NOT_EMPTY);
            }
            return new ImportTarget(attributes.ino(), resolved.dir(), resolved.name(), false);
        }
        long ino = at(
                path,
                () -> fs.mkdir(resolved.dir(), resolved.name(), DIRECTORY_MODE).ino());
        return new ImportTarget(ino, resolved.dir(), resolved.name(), true);
    }

    /**
     * Puts an import's target back as it was before a failed import: empty, or gone if the import
     * created it. Best effort: the import's own error is what gets reported.
     */
    public void undoImport(ImportTarget target) {
        try {
            emptyDirectory(target.ino());
            if (target.created()) {
                fs.rmdir(target.parent(), target.name());
            }
        } catch (FsException e) {
            // the tree keeps part of the import; the failure that caused the undo is reported
        }
    }
}
