package io.tarbox.wasi.p2;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.RunLimits;
import java.io.IOException;
import java.io.OutputStream;

/** The rep of a {@code wasi:io/streams.output-stream}: a file written at an offset or appended to, or stdout/stderr. */
abstract class P2OutputStream {
    /** What check-write permits at most (one write may be no larger). */
    static final long PERMIT = 1 << 20;

    /** How many bytes the next write may take. */
    abstract long checkWrite();

    abstract void write(byte[] data);

    void flush() {}

    /**
     * {@code write-via-stream} and {@code append-via-stream}. Bytes go straight to the contract's
     * {@code write} (which buffers them, see the durability contract); an append goes through the
     * contract's {@code append}, as preview 1's O_APPEND does, so the store puts it at the end the
     * file has when the bytes are committed (another process may append too). Under --max-file-size, check-write permits only
     * what fits (a short write for the preview 1 adapter) and fails with file-too-large once nothing
     * does.
     */
    static final class FileOutput extends P2OutputStream {
        private final P2Descriptor file;
        private final boolean append;
        private final RunLimits limits;
        private final P2Audit audit;
        private long position;

        FileOutput(P2Descriptor file, long position, boolean append, RunLimits limits, P2Audit audit) {
            this.file = file;
            this.position = position;
            this.append = append;
            this.limits = limits;
            this.audit = audit;
        }

        /** Where the next write goes, as this run sees it (an append stream: the file's end). */
        private long offset() {
            return append ? file.mount.fs().getattr(file.ino).size() : position;
        }

        @Override
        long checkWrite() {
            if (limits.maxFileSize() == RunLimits.UNLIMITED) {
                return PERMIT;
            }
            long room = limits.maxFileSize() - offset();
            if (room <= 0) {
                throw new FsException(FsError.FILE_TOO_LARGE, "file size limit of " + limits.maxFileSize() + " bytes");
            }
            return Math.min(PERMIT, room);
        }

        @Override
        void write(byte[] data) {
            try {
                file.mount.requireWritable();
                FilesystemInterface fs = file.mount.fs();
                long at = offset();
                int n = limits.writableBytes(at, data.length);
                if (append) {
                    fs.append(file.ino, data, 0, n);
                } else {
                    fs.write(file.ino, at, data, 0, n);
                    position = at + n;
                }
                if (audit != null) {
                    audit.wrote(file, n);
                }
                if (n < data.length) {
                    throw new FsException(
                            FsError.FILE_TOO_LARGE, "file size limit of " + limits.maxFileSize() + " bytes");
                }
            } catch (FsException e) {
                if (audit != null) {
                    audit.failed("fd_write", file.guestPath, e.error());
                }
                throw e;
            }
        }

        @Override
        void flush() {
            // Writes reach the filesystem's buffers at once; sync-data is what commits them.
        }
    }

    /** Standard output or error (the run's streams, under the output limit). */
    static final class Std extends P2OutputStream {
        private final OutputStream out;

        Std(OutputStream out) {
            this.out = out;
        }

        @Override
        long checkWrite() {
            return PERMIT;
        }

        @Override
        void write(byte[] data) {
            try {
                out.write(data);
            } catch (IOException e) {
                throw new StreamException.UncheckedIo(e);
            }
        }

        @Override
        void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new StreamException.UncheckedIo(e);
            }
        }
    }
}
