package io.tarbox.wasi;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The guest's descriptors 0, 1 and 2.
 *
 * @param in read by fd_read(0)
 * @param out written by fd_write(1), flushed after each call
 * @param err written by fd_write(2), flushed after each call
 * @param terminal report the three as character devices (a terminal), so guest libc line-buffers
 */
public record Stdio(InputStream in, OutputStream out, OutputStream err, boolean terminal) {
    public Stdio {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** The process's own standard streams, unbuffered on the Java side. */
    public static Stdio inherit() {
        return new Stdio(
                new java.io.FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err),
                System.console() != null);
    }

    /** Empty stdin, output discarded. */
    public static Stdio none() {
        return new Stdio(
                InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), false);
    }
}
