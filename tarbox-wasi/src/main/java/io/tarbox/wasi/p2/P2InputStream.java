package io.tarbox.wasi.p2;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.wasi.host.GuestInput;
import java.io.IOException;
import java.util.Arrays;

/** The rep of a {@code wasi:io/streams.input-stream}: a file read from an offset, or stdin. */
abstract class P2InputStream {
    /** The most one read returns; a stream may always return less. */
    static final int MAX_READ = 1 << 20;

    /**
     * Up to {@code len} bytes; without {@code blocking} possibly none (nothing ready yet).
     *
     * @throws StreamException closed at the end of the stream
     */
    abstract byte[] read(long len, boolean blocking);

    abstract Pollable subscribe();

    static int cap(long len) {
        return (int) Math.min(Math.max(0, len), MAX_READ);
    }

    /** {@code read-via-stream}: reads a file from an offset on; closed at its end. */
    static final class FileInput extends P2InputStream {
        private final P2Descriptor file;
        private long position;

        FileInput(P2Descriptor file, long position) {
            this.file = file;
            this.position = position;
        }

        @Override
        byte[] read(long len, boolean blocking) {
            int n = cap(len);
            if (n == 0) {
                return new byte[0];
            }
            FilesystemInterface fs = file.mount.fs();
            byte[] buffer = new byte[n];
            int got = fs.read(file.ino, position, buffer, 0, n);
            if (got <= 0) {
                throw StreamException.closed();
            }
            position += got;
            return got == n ? buffer : Arrays.copyOf(buffer, got);
        }

        @Override
        Pollable subscribe() {
            return Pollable.READY;
        }
    }

    /** Standard input. */
    static final class Stdin extends P2InputStream {
        private final GuestInput in;

        Stdin(GuestInput in) {
            this.in = in;
        }

        @Override
        byte[] read(long len, boolean blocking) {
            int n = cap(len);
            if (n == 0) {
                return new byte[0];
            }
            try {
                if (!blocking) {
                    long ready = in.ready(0);
                    if (ready < 0) {
                        return new byte[0];
                    }
                    if (ready == 0) {
                        throw StreamException.closed();
                    }
                    n = (int) Math.min(n, ready);
                }
                byte[] buffer = new byte[n];
                int got = in.read(buffer, 0, n);
                if (got < 0) {
                    throw StreamException.closed();
                }
                return got == n ? buffer : Arrays.copyOf(buffer, got);
            } catch (IOException e) {
                throw new StreamException.UncheckedIo(e);
            }
        }

        @Override
        Pollable subscribe() {
            return new Pollable.Stdin(in);
        }
    }
}
