package io.tarbox.storage.host;

import static io.tarbox.storage.host.Libc.failure;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open regular file of the host, opened by {@link HostDirectory} relative to a held directory
 * handle. Reads and writes go by offset ({@code pread}/{@code pwrite}); the descriptor names the
 * same file whatever happens to its name meanwhile.
 */
public final class HostFile implements AutoCloseable {
    /** Bytes moved per native call at most (the array crosses to C and back). */
    private static final int CHUNK = 1 << 20;

    private final int fd;
    private final String name;
    private final boolean writable;
    private byte[] scratch;
    private boolean closed;

    HostFile(int fd, String name, boolean writable) {
        this.fd = fd;
        this.name = name;
        this.writable = writable;
    }

    /** This file, if it is a regular file; closed and refused otherwise. */
    HostFile requireRegular() throws IOException {
        HostStat stat;
        try {
            stat = stat();
        } catch (IOException e) {
            close();
            throw e;
        }
        if (!stat.isRegular()) {
            close();
            throw failure(name, stat.isDirectory() ? Libc.EISDIR : Libc.EINVAL);
        }
        return this;
    }

    public boolean writable() {
        return writable;
    }

    /** The file's attributes now (nlink 0 once its last name is gone). */
    public HostStat stat() throws IOException {
        byte[] buf = new byte[Libc.STATX_SIZE];
        try {
            Libc.statx(fd, new byte[1], Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
        return HostStat.of(buf);
    }

    /** Reads up to {@code len} bytes at {@code offset}; fewer only at the end of the file. */
    public int read(long offset, byte[] buffer, int bufferOffset, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int want = Math.min(CHUNK, len - total);
            byte[] into = bufferOffset + total == 0 && want == buffer.length ? buffer : scratch(want);
            long n;
            try {
                n = Libc.pread(fd, into, want, offset + total);
            } catch (LastErrorException e) {
                throw failure(name, e);
            }
            if (n <= 0) {
                break;
            }
            if (into != buffer) {
                System.arraycopy(into, 0, buffer, bufferOffset + total, (int) n);
            }
            total += (int) n;
        }
        return total;
    }

    /** Writes all {@code len} bytes at {@code offset}, extending the file as needed. */
    public void write(long offset, byte[] data, int dataOffset, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int want = Math.min(CHUNK, len - done);
            byte[] from = data;
            if (dataOffset + done != 0 || want != data.length) {
                from = scratch(want);
                System.arraycopy(data, dataOffset + done, from, 0, want);
            }
            try {
                done += (int) Libc.pwrite(fd, from, want, offset + done);
            } catch (LastErrorException e) {
                throw failure(name, e);
            }
        }
    }

    public void truncate(long size) throws IOException {
        try {
            Libc.ftruncate(fd, size);
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
    }

    public void sync() throws IOException {
        try {
            Libc.fsync(fd);
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
    }

    /** Sets the file's times through its descriptor; a null time is left as it is. */
    public void setTimes(Long atimeNs, Long mtimeNs) throws IOException {
        try {
            Libc.futimens(fd, HostDirectory.times(atimeNs, mtimeNs));
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
    }

    /** Sets the file's permission bits through its descriptor. */
    public void setMode(int mode) throws IOException {
        try {
            Libc.fchmod(fd, mode & 07777);
        } catch (LastErrorException e) {
            throw failure(name, e);
        }
    }

    /** A stream that reads from offset 0 on; closing it closes the file. */
    public InputStream inputStream() {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = HostFile.this.read(position, b, off, len);
                if (n <= 0) {
                    return -1;
                }
                position += n;
                return n;
            }

            @Override
            public void close() {
                HostFile.this.close();
            }
        };
    }

    /** A stream that appends from offset 0 on; closing it closes the file. */
    public OutputStream outputStream() {
        return new OutputStream() {
            private long position;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                HostFile.this.write(position, b, off, len);
                position += len;
            }

            @Override
            public void close() {
                HostFile.this.close();
            }
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                Libc.close(fd);
            } catch (LastErrorException e) {
                // reads and writes went straight to the kernel; nothing is lost here
            }
        }
    }

    private byte[] scratch(int size) {
        if (scratch == null || scratch.length < size) {
            scratch = new byte[Math.max(size, 64 * 1024)];
        }
        return scratch;
    }
}
