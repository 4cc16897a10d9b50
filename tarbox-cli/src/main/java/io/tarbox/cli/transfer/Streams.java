package io.tarbox.cli.transfer;

import io.tarbox.core.fs.FilesystemInterface;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Copies between host streams and files of the tree in fixed-size buffers, at offsets, so a file of
 * any size passes through a bounded amount of memory.
 */
public final class Streams {
    /** Bytes moved per read/write call. */
    public static final int BUFFER_SIZE = 1 << 20;

    private Streams() {}

    /** Writes everything {@code in} holds into file {@code ino} from offset 0; returns the byte count. */
    public static long intoFile(InputStream in, FilesystemInterface fs, long ino, Progress progress)
            throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long offset = 0;
        while (true) {
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n == 0) {
                return offset;
            }
            fs.write(ino, offset, buffer, 0, n);
            offset += n;
            progress.step(n);
        }
    }

    /**
     * {@code out} as a stream that fails when writing fails: a {@link PrintStream} (standard output)
     * only records errors, so without this a closed pipe would not stop a long copy.
     */
    public static OutputStream failing(PrintStream stdout) {
        return new FilterOutputStream(stdout) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                stdout.write(bytes, offset, length);
                if (stdout.checkError()) {
                    throw new IOException("write error on standard output");
                }
            }
        };
    }

    /** Writes file {@code ino}'s content to {@code out}; returns the byte count. */
    public static long fromFile(FilesystemInterface fs, long ino, OutputStream out, Progress progress)
            throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long offset = 0;
        while (true) {
            int n = fs.read(ino, offset, buffer, 0, buffer.length);
            if (n <= 0) {
                return offset;
            }
            out.write(buffer, 0, n);
            offset += n;
            progress.step(n);
        }
    }
}
