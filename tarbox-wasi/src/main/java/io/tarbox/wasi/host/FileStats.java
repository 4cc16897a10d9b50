package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.Memory;
import io.tarbox.core.fs.FileAttributes;

/** The one routine writing a witx {@code filestat} (64 bytes) into guest memory. */
final class FileStats {
    static final int SIZE = 64;

    private FileStats() {}

    static void write(Memory memory, int ptr, long dev, FileAttributes attributes) {
        write(
                memory,
                ptr,
                dev,
                attributes.ino(),
                Flags.filetype(attributes.type()),
                attributes.nlink(),
                attributes.size(),
                attributes.atimeNs(),
                attributes.mtimeNs(),
                attributes.ctimeNs());
    }

    static void write(
            Memory memory,
            int ptr,
            long dev,
            long ino,
            int filetype,
            long nlink,
            long size,
            long atim,
            long mtim,
            long ctim) {
        memory.writeLong(ptr, dev);
        memory.writeLong(ptr + 8, ino);
        memory.writeByte(ptr + 16, (byte) filetype);
        memory.fill((byte) 0, ptr + 17, ptr + 24);
        memory.writeLong(ptr + 24, nlink);
        memory.writeLong(ptr + 32, size);
        memory.writeLong(ptr + 40, atim);
        memory.writeLong(ptr + 48, mtim);
        memory.writeLong(ptr + 56, ctim);
    }
}
