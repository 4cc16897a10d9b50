package io.tarbox.wasi.plugin;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.path.PathResolver;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-only access to the tenant's tree for the file host functions, confined to the allowed paths
 * (what the manifest asks for intersected with what the user grants).
 *
 * <p>Two checks, both needed: the path as typed must lie under an allowed path (so nothing outside
 * is even looked up, and a plugin cannot probe for files it may not read), and the file it
 * resolves to, symlinks followed, must be an allowed file or lie in an allowed directory, decided
 * by inode along the parent chain (so a symlink inside a grant cannot lead outside it).
 * Every method returns a {@link PluginAbi} code instead of throwing.
 */
final class PluginFiles {
    private final FilesystemInterface fs;
    private final PathResolver resolver;
    private final List<String> allowed;
    private final Set<Long> allowedDirs = new HashSet<>();
    private final Set<Long> allowedFiles = new HashSet<>();

    /** No tree: every path is NOT_GRANTED. */
    static final PluginFiles NONE = new PluginFiles(null, List.of());

    /**
     * @param fs the tenant's tree, or null for none
     * @param allowed normalized absolute paths; those that do not exist (yet) allow nothing by inode
     */
    PluginFiles(FilesystemInterface fs, List<String> allowed) {
        this.fs = fs;
        this.resolver = fs == null ? null : PathResolver.rooted(fs);
        this.allowed = fs == null ? List.of() : List.copyOf(allowed);
        for (String path : this.allowed) {
            try {
                FileAttributes target = resolver.resolve(path, true).attributes();
                if (target != null) {
                    (target.isDirectory() ? allowedDirs : allowedFiles).add(target.ino());
                }
            } catch (FsException e) {
                // A grant that cannot be resolved allows nothing; requests under it see NOT_GRANTED.
            }
        }
    }

    /** 1 if the path exists, 0 if not, or a negative code. */
    int exists(String path) {
        Lookup lookup = lookup(path);
        if (lookup.code == PluginAbi.NOT_FOUND) {
            return 0;
        }
        return lookup.code < 0 ? lookup.code : 1;
    }

    /** The regular file's size, or a negative code. */
    long size(String path) {
        Lookup lookup = regularFile(path);
        return lookup.code < 0 ? lookup.code : lookup.attributes.size();
    }

    /** The regular file at {@code path}, or a negative code in {@link Lookup#code}. */
    Lookup regularFile(String path) {
        Lookup lookup = lookup(path);
        if (lookup.code < 0) {
            return lookup;
        }
        return lookup.attributes.isRegular() ? lookup : Lookup.failed(PluginAbi.NOT_A_FILE);
    }

    /**
     * Reads up to {@code buffer.length} bytes of the file from its start; returns how many, or
     * {@link PluginAbi#IO_ERROR}.
     */
    int read(FileAttributes file, byte[] buffer) {
        try {
            int filled = 0;
            while (filled < buffer.length) {
                int n = fs.read(file.ino(), filled, buffer, filled, buffer.length - filled);
                if (n <= 0) {
                    break;
                }
                filled += n;
            }
            return filled;
        } catch (FsException e) {
            return code(e.error());
        } catch (RuntimeException e) { // a storage failure must reach the plugin as a code
            return PluginAbi.IO_ERROR;
        }
    }

    /** An inode found for a plugin path, or why not. */
    record Lookup(int code, FileAttributes attributes) {
        static Lookup failed(int code) {
            return new Lookup(code, null);
        }
    }

    private Lookup lookup(String path) {
        String normalized = GuestPaths.normalize(path);
        if (normalized == null) {
            return Lookup.failed(PluginAbi.INVALID);
        }
        if (allowed.stream().noneMatch(base -> GuestPaths.isUnder(normalized, base))) {
            return Lookup.failed(PluginAbi.NOT_GRANTED);
        }
        try {
            PathResolver.Resolved resolved = resolver.resolve(normalized, true);
            if (!withinGrants(resolved)) {
                return Lookup.failed(PluginAbi.NOT_GRANTED);
            }
            return resolved.exists()
                    ? new Lookup(0, resolved.attributes())
                    : Lookup.failed(PluginAbi.NOT_FOUND);
        } catch (FsException e) {
            return Lookup.failed(code(e.error()));
        } catch (RuntimeException e) {
            return Lookup.failed(PluginAbi.IO_ERROR);
        }
    }

    /** Whether what the path resolved to is an allowed inode or lies in an allowed directory. */
    private boolean withinGrants(PathResolver.Resolved resolved) {
        if (resolved.exists()
                && (allowedFiles.contains(resolved.attributes().ino())
                        || allowedDirs.contains(resolved.attributes().ino()))) {
            return true;
        }
        long dir = resolved.dir();
        while (true) {
            if (allowedDirs.contains(dir)) {
                return true;
            }
            long parent = fs.parent(dir);
            if (parent == dir) {
                return false;
            }
            dir = parent;
        }
    }

    private static int code(FsError error) {
        return switch (error) {
            // A missing directory on the way, or a file used as one: the path names nothing.
            case NOT_FOUND, NOT_DIRECTORY -> PluginAbi.NOT_FOUND;
            case IS_DIRECTORY -> PluginAbi.NOT_A_FILE;
            case NOT_PERMITTED, ACCESS_DENIED -> PluginAbi.NOT_GRANTED;
            case INVALID, NAME_TOO_LONG, LOOP -> PluginAbi.INVALID;
            default -> PluginAbi.IO_ERROR;
        };
    }
}
