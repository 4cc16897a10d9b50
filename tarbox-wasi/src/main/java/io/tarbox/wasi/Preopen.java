package io.tarbox.wasi;

import io.tarbox.core.fs.FilesystemInterface;
import java.util.Objects;

/**
 * A directory handed to the guest before it starts: {@code --dir PATH::GUEST} (a directory of the
 * tenant's Tarbox tree) or {@code --host-dir HOST::GUEST} (a host directory). The guest can reach
 * nothing outside {@code rootIno}.
 *
 * @param fs the filesystem holding the directory
 * @param rootIno the directory's inode; guest paths resolve from it and can never leave it
 * @param guestPath the name the guest sees (reported by fd_prestat_dir_name), e.g. "/data"
 * @param readOnly every mutating call through this preopen fails with EPERM, as wasmtime's
 *     read-only directory permissions
 */
public record Preopen(FilesystemInterface fs, long rootIno, String guestPath, boolean readOnly) {
    public Preopen {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(guestPath, "guestPath");
    }

    /** A writable preopen of {@code fs}'s root. */
    public static Preopen of(FilesystemInterface fs, String guestPath) {
        return new Preopen(fs, fs.rootIno(), guestPath, false);
    }
}
