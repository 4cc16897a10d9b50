package io.tarbox.cli.transfer;

import io.tarbox.core.fs.FilesystemInterface;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies between host streams and files of the tree in fixed-size buffers, at offsets, so a file of
 * any size passes through a bounded amount of memory.
 */
public final class Streams {
    /** Bytes moved per read/write call. */
    public static final int BUFFER_SIZE = 1 << 20;

    private Streams() {}

    /** Writes everything {@code in} holds into file {@code ino} from offset 0; returns the byte count. */
    public static long intoFile(InputStream in, FilesystemInterface fs, long ino, Progress progress) throws IOException {
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

    /** Writes file {@code ino}'s content to {@code out}; returns the byte count. */
    public static long fromFile(FilesystemInterface fs, long ino, OutputStream out, Progress progress) throws IOException {
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
