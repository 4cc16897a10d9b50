package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.Memory;

/**
 * The one readv/writev loop over guest iovec arrays ({@code {u32 buf, u32 buf_len}}), shared by
 * fd_read, fd_pread, fd_write and fd_pwrite. A pointer outside memory traps, as wasmtime (the witx
 * documentation says out-of-bounds pointers shall trap).
 */
final class Iovecs {
    /** Largest single transfer; the guest sees a short read or write beyond it, as POSIX allows. */
    static final int MAX_TRANSFER = 16 << 20;

    private Iovecs() {}

    /** Total bytes the iovecs describe, capped at {@link #MAX_TRANSFER}. */
    static int totalLength(Memory memory, int iovs, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += Integer.toUnsignedLong(memory.readInt(iovs + i * 8 + 4));
        }
        return (int) Math.min(total, MAX_TRANSFER);
    }

    /** Copies the iovecs' bytes (up to {@link #MAX_TRANSFER}) out of guest memory. */
    static byte[] gather(Memory memory, int iovs, int count) {
        int total = totalLength(memory, iovs, count);
        if (count == 1) {
            // The usual case (one buffer): the bytes read out of memory are the result, not copied again.
            return memory.readBytes(memory.readInt(iovs), total);
        }
        byte[] data = new byte[total];
        int filled = 0;
        for (int i = 0; i < count && filled < data.length; i++) {
            int buf = memory.readInt(iovs + i * 8);
            int len = (int) Math.min(Integer.toUnsignedLong(memory.readInt(iovs + i * 8 + 4)), data.length - filled);
            byte[] part = memory.readBytes(buf, len);
            System.arraycopy(part, 0, data, filled, len);
            filled += len;
        }
        return data;
    }

    /** Spreads {@code length} bytes of {@code data} over the iovecs, in order. */
    static void scatter(Memory memory, int iovs, int count, byte[] data, int length) {
        int done = 0;
        for (int i = 0; i < count && done < length; i++) {
            int buf = memory.readInt(iovs + i * 8);
            int len = (int) Math.min(Integer.toUnsignedLong(memory.readInt(iovs + i * 8 + 4)), length - done);
            memory.write(buf, data, done, len);
            done += len;
        }
    }
}
