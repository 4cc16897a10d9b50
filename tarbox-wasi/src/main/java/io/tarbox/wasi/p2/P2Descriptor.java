package io.tarbox.wasi.p2;

import io.tarbox.wasi.host.FilesystemErrorCode;
import io.tarbox.wasi.host.Mount;

/**
 * The rep of a {@code wasi:filesystem/types.descriptor}: an inode of a preopen's filesystem and how
 * it was opened. Writability comes from the preopen ({@link Mount#requireWritable}); the open mode
 * ({@code read}, {@code write}) from open-at's descriptor-flags, as in wasmtime.
 */
final class P2Descriptor {
    final Mount mount;
    final long ino;
    final boolean directory;
    final boolean read;
    /** Files: opened for writing; directories: mutate-directory. */
    final boolean write;
    /** Where the guest named it (a preopen's name, or the path open-at was given), for the audit trail. */
    final String guestPath;
    /** Counted against --max-open-files (opened with open-at, not a preopen). */
    final boolean counted;
    /** Opened with file- or data-integrity-sync: every write is committed before it returns. */
    final boolean sync;

    P2Descriptor(
            Mount mount,
            long ino,
            boolean directory,
            boolean read,
            boolean write,
            String guestPath,
            boolean counted,
            boolean sync) {
        this.sync = sync;
        this.mount = mount;
        this.ino = ino;
        this.directory = directory;
        this.read = read;
        this.write = write;
        this.guestPath = guestPath;
        this.counted = counted;
    }

    /** This descriptor as a file; bad-descriptor for a directory, as wasmtime. */
    P2Descriptor file() {
        if (directory) {
            throw new ErrorCodeException(FilesystemErrorCode.BAD_DESCRIPTOR);
        }
        return this;
    }

    /** This descriptor as a directory; not-directory for a file, as wasmtime. */
    P2Descriptor dir() {
        if (!directory) {
            throw new ErrorCodeException(FilesystemErrorCode.NOT_DIRECTORY);
        }
        return this;
    }
}
