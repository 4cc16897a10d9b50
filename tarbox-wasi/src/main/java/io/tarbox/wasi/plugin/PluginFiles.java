package io.tarbox.wasi.plugin;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.path.PathResolver;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the tenant's tree for the file host functions, confined to the allowed paths
 * (what the manifest asks for intersected with what the user grants).
 *
 * <p>A path is first matched as typed: it must lie under an allowed path, else NOT_GRANTED without
 * any lookup, so a plugin cannot probe for files outside. The allowed path is then resolved like
 * the user typed it (ROOTED, symlinks followed), and the rest of the path is resolved from there
 * with a CONFINED {@link PathResolver} rooted at it, so neither "..", nor an absolute symlink, nor
 * a relative one can lead outside the allowed directory. Every method returns a {@link PluginAbi}
 * code instead of throwing.
 */
final class PluginFiles {
    private final FilesystemInterface fs;
    private final List<String> allowed;

    /** No tree: every path is NOT_GRANTED. */
    static final PluginFiles NONE = new PluginFiles(null, List.of());

    /**
     * @param fs the tenant's tree, or null for none
     * @param allowed normalized absolute paths
     */
    PluginFiles(FilesystemInterface fs, List<String> allowed) {
        this.fs = fs;
        // Shortest first: the widest allowed path covering a request is the one to resolve from.
        this.allowed = fs == null
                ? List.of()
                : allowed.stream()
                        .sorted(Comparator.comparingInt(String::length))
                        .toList();
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
     * Reads up to {@code buffer.length} bytes of the file from its start; returns how many, or a
     * negative code.
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
        Optional<String> base =
                allowed.stream().filter(a -> GuestPaths.isUnder(normalized, a)).findFirst();
        if (base.isEmpty()) {
            return Lookup.failed(PluginAbi.NOT_GRANTED);
        }
        try {
            FileAttributes root =
                    PathResolver.rooted(fs).resolve(base.get(), true).existing();
            String rest = normalized.substring(base.get().length()).replaceFirst("^/", "");
            if (rest.isEmpty()) {
                return new Lookup(0, root);
            }
            if (!root.isDirectory()) {
                return Lookup.failed(PluginAbi.NOT_FOUND);
            }
            PathResolver confined = new PathResolver(fs, root.ino(), PathResolver.Confinement.CONFINED);
            PathResolver.Resolved resolved = confined.resolve(rest, true);
            return resolved.exists() ? new Lookup(0, resolved.attributes()) : Lookup.failed(PluginAbi.NOT_FOUND);
        } catch (FsException e) {
            return Lookup.failed(code(e.error()));
        } catch (RuntimeException e) {
            return Lookup.failed(PluginAbi.IO_ERROR);
        }
    }

    private static int code(FsError error) {
        return switch (error) {
            // A missing directory on the way, or a file used as one: the path names nothing.
            case NOT_FOUND, NOT_DIRECTORY -> PluginAbi.NOT_FOUND;
            case IS_DIRECTORY -> PluginAbi.NOT_A_FILE;
            // NOT_PERMITTED: the path (through "..", or a symlink) tried to leave the allowed directory.
            case NOT_PERMITTED, ACCESS_DENIED -> PluginAbi.NOT_GRANTED;
            case INVALID, NAME_TOO_LONG, LOOP -> PluginAbi.INVALID;
            default -> PluginAbi.IO_ERROR;
        };
    }
}
