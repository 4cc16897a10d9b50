package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Every fd_* function: reading, writing, seeking, stat, flags, rights, readdir, prestat. */
final class FdFunctions {
    private static final int DIRENT_SIZE = 24;
    private static final int ADVICE_MAX = 5;

    private final WasiContext context;
    private final FdTable fds;

    FdFunctions(WasiContext context) {
        this.context = context;
        this.fds = context.fds;
    }

    List<HostFunction> functions() {
        return List.of(
                WasiFunction.of("fd_advise", "iIIi", (m, a) -> advise((int) a[0], a[1], a[2], (int) a[3])),
                WasiFunction.of("fd_allocate", "iII", (m, a) -> allocate((int) a[0], a[1], a[2])),
                WasiFunction.of("fd_close", "i", (m, a) -> close((int) a[0])),
                WasiFunction.of("fd_datasync", "i", (m, a) -> sync((int) a[0], Rights.FD_DATASYNC)),
                WasiFunction.of("fd_fdstat_get", "ii", (m, a) -> fdstatGet(m, (int) a[0], (int) a[1])),
                WasiFunction.of("fd_fdstat_set_flags", "ii", (m, a) -> fdstatSetFlags((int) a[0], (int) a[1])),
                WasiFunction.of("fd_fdstat_set_rights", "iII", (m, a) -> fdstatSetRights((int) a[0], a[1], a[2])),
                WasiFunction.of("fd_filestat_get", "ii", (m, a) -> filestatGet(m, (int) a[0], (int) a[1])),
                WasiFunction.of("fd_filestat_set_size", "iI", (m, a) -> filestatSetSize((int) a[0], a[1])),
                WasiFunction.of("fd_filestat_set_times", "iIIi",
                        (m, a) -> filestatSetTimes((int) a[0], a[1], a[2], (int) a[3])),
                WasiFunction.of("fd_pread", "iiiIi",
                        (m, a) -> read(m, (int) a[0], (int) a[1], (int) a[2], a[3], true, (int) a[4])),
                WasiFunction.of("fd_prestat_get", "ii", (m, a) -> prestatGet(m, (int) a[0], (int) a[1])),
                WasiFunction.of("fd_prestat_dir_name", "iii",
                        (m, a) -> prestatDirName(m, (int) a[0], (int) a[1], (int) a[2])),
                WasiFunction.of("fd_pwrite", "iiiIi",
                        (m, a) -> write(m, (int) a[0], (int) a[1], (int) a[2], a[3], true, (int) a[4])),
                WasiFunction.of("fd_read", "iiii",
                        (m, a) -> read(m, (int) a[0], (int) a[1], (int) a[2], 0, false, (int) a[3])),
                WasiFunction.of("fd_readdir", "iiiIi",
                        (m, a) -> readdir(m, (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4])),
                WasiFunction.of("fd_renumber", "ii", (m, a) -> renumber((int) a[0], (int) a[1])),
                WasiFunction.of("fd_seek", "iIii", (m, a) -> seek(m, (int) a[0], a[1], (int) a[2], (int) a[3])),
                WasiFunction.of("fd_sync", "i", (m, a) -> sync((int) a[0], Rights.FD_SYNC)),
                WasiFunction.of("fd_tell", "ii", (m, a) -> tell(m, (int) a[0], (int) a[1])),
                WasiFunction.of("fd_write", "iiii",
                        (m, a) -> write(m, (int) a[0], (int) a[1], (int) a[2], 0, false, (int) a[3])));
    }

    // --- reading and writing -------------------------------------------------------------------

    private int read(Memory memory, int fd, int iovs, int iovsLen, long offset, boolean positioned, int nreadPtr) {
        Descriptor descriptor = fds.get(fd);
        if (descriptor instanceof StreamDescriptor && ((StreamDescriptor) descriptor).in != null) {
            if (positioned) {
                return Errno.SPIPE;
            }
            int denied = FdTable.missing(descriptor, Rights.FD_READ);
            if (denied != Errno.SUCCESS) {
                return denied;
            }
            return readStream(memory, (StreamDescriptor) descriptor, iovs, iovsLen, nreadPtr);
        }
        int errno = positioned ? seekable(fd, Rights.FD_READ) : fds.check(fd, FileDescriptor.class, Rights.FD_READ);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        if (positioned && offset < 0) {
            return Errno.INVAL;
        }
        FileDescriptor file = (FileDescriptor) descriptor;
        int length = Iovecs.totalLength(memory, iovs, iovsLen);
        byte[] buffer = new byte[length];
        long at = positioned ? offset : file.position;
        int n = length == 0 ? 0 : file.mount.fs.read(file.ino, at, buffer, 0, length);
        Iovecs.scatter(memory, iovs, iovsLen, buffer, n);
        if (!positioned) {
            file.position = at + n;
        }
        memory.writeI32(nreadPtr, n);
        return Errno.SUCCESS;
    }

    private static int readStream(Memory memory, StreamDescriptor stdin, int iovs, int iovsLen, int nreadPtr) {
        int length = Iovecs.totalLength(memory, iovs, iovsLen);
        byte[] buffer = new byte[length];
        int n;
        try {
            n = Math.max(0, stdin.in.read(buffer, 0, length));
        } catch (IOException e) {
            return Errno.IO;
        }
        Iovecs.scatter(memory, iovs, iovsLen, buffer, n);
        memory.writeI32(nreadPtr, n);
        return Errno.SUCCESS;
    }

    private int write(Memory memory, int fd, int iovs, int iovsLen, long offset, boolean positioned, int nwrittenPtr) {
        Descriptor descriptor = fds.get(fd);
        if (descriptor instanceof StreamDescriptor && ((StreamDescriptor) descriptor).out != null) {
            if (positioned) {
                return Errno.SPIPE;
            }
            int denied = FdTable.missing(descriptor, Rights.FD_WRITE);
            if (denied != Errno.SUCCESS) {
                return denied;
            }
            byte[] data = Iovecs.gather(memory, iovs, iovsLen);
            try {
                ((StreamDescriptor) descriptor).out.write(data);
                ((StreamDescriptor) descriptor).out.flush();
            } catch (IOException e) {
                return Errno.IO;
            }
            memory.writeI32(nwrittenPtr, data.length);
            return Errno.SUCCESS;
        }
        int errno = positioned ? seekable(fd, Rights.FD_WRITE) : fds.check(fd, FileDescriptor.class, Rights.FD_WRITE);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        if (positioned && offset < 0) {
            return Errno.INVAL;
        }
        FileDescriptor file = (FileDescriptor) descriptor;
        file.mount.requireWritable();
        FilesystemInterface fs = file.mount.fs;
        byte[] data = Iovecs.gather(memory, iovs, iovsLen);
        int length;
        if (Flags.set(file.flags, Flags.FD_APPEND)) {
            // As Linux pwrite(2) (and wasmtime): in append mode the offset is ignored. The store puts
            // the bytes at the end as it has it when it commits them (another process may append too),
            // so the file-size limit is checked against the end this run sees.
            length = context.limits.writableBytes(fs.getattr(file.ino).size(), data.length);
            long end = fs.append(file.ino, data, 0, length);
            if (!positioned) {
                file.position = end;
            }
        } else {
            long at = positioned ? offset : file.position;
            length = context.limits.writableBytes(at, data.length);
            // Also an empty write: POSIX lets it report errors, and a control command file refuses it.
            fs.write(file.ino, at, data, 0, length);
            if (!positioned) {
                file.position = at + length;
            }
        }
        if (Flags.set(file.flags, Flags.FD_SYNC | Flags.FD_DSYNC)) {
            fs.sync(file.ino);
        }
        memory.writeI32(nwrittenPtr, length);
        return Errno.SUCCESS;
    }

    /** Checks a descriptor used with an explicit offset: stdio cannot seek (ESPIPE). */
    private int seekable(int fd, long right) {
        Descriptor descriptor = fds.get(fd);
        if (descriptor instanceof StreamDescriptor) {
            return Errno.SPIPE;
        }
        return fds.check(fd, FileDescriptor.class, right);
    }

    private int seek(Memory memory, int fd, long delta, int whence, int newOffsetPtr) {
        Descriptor descriptor = fds.get(fd);
        boolean tellOnly = whence == Flags.WHENCE_CUR && delta == 0;
        int errno = seekable(fd, tellOnly ? Rights.FD_TELL : Rights.FD_SEEK);
        if (errno == Errno.NOTCAPABLE && tellOnly) {
            errno = seekable(fd, Rights.FD_SEEK);
        }
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        FileDescriptor file = (FileDescriptor) descriptor;
        long base;
        switch (whence) {
            case Flags.WHENCE_SET:
                base = 0;
                break;
            case Flags.WHENCE_CUR:
                base = file.position;
                break;
            case Flags.WHENCE_END:
                base = file.mount.fs.getattr(file.ino).size();
                break;
            default:
                return Errno.INVAL;
        }
        long position = base + delta;
        if (((base ^ position) & (delta ^ position)) < 0 || position < 0) {
            return Errno.INVAL;
        }
        file.position = position;
        memory.writeLong(newOffsetPtr, position);
        return Errno.SUCCESS;
    }

    private int tell(Memory memory, int fd, int offsetPtr) {
        int errno = seekable(fd, Rights.FD_TELL);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        memory.writeLong(offsetPtr, ((FileDescriptor) fds.get(fd)).position);
        return Errno.SUCCESS;
    }

    // --- descriptor state ----------------------------------------------------------------------

    private int close(int fd) {
        return fds.remove(fd) == null ? Errno.BADF : Errno.SUCCESS;
    }

    /** Both numbers must be open (EBADF otherwise), as wasmtime; {@code to} is closed first. */
    private int renumber(int from, int to) {
        if (fds.get(from) == null || fds.get(to) == null) {
            return Errno.BADF;
        }
        if (from != to) {
            fds.renumber(from, to);
        }
        return Errno.SUCCESS;
    }

    private int fdstatGet(Memory memory, int fd, int buf) {
        Descriptor descriptor = fds.get(fd);
        if (descriptor == null) {
            return Errno.BADF;
        }
        memory.writeByte(buf, (byte) descriptor.filetype());
        memory.writeByte(buf + 1, (byte) 0);
        memory.writeShort(buf + 2, (short) descriptor.flags);
        memory.writeI32(buf + 4, 0);
        memory.writeLong(buf + 8, descriptor.rightsBase);
        memory.writeLong(buf + 16, descriptor.rightsInheriting);
        return Errno.SUCCESS;
    }

    /**
     * Changes APPEND and NONBLOCK of an open file. The sync flags can only be given to path_open;
     * here they are EINVAL, as wasmtime. The sync flags set at open time are kept.
     */
    private int fdstatSetFlags(int fd, int flags) {
        int errno = fds.check(fd, FileDescriptor.class, Rights.FD_FDSTAT_SET_FLAGS);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        int changeable = Flags.FD_APPEND | Flags.FD_NONBLOCK;
        if ((flags & ~changeable) != 0) {
            return Errno.INVAL;
        }
        Descriptor descriptor = fds.get(fd);
        descriptor.flags = (descriptor.flags & ~changeable) | flags;
        return Errno.SUCCESS;
    }

    /** Rights can only shrink (ENOTCAPABLE otherwise), as the WASI text says. */
    private int fdstatSetRights(int fd, long base, long inheriting) {
        Descriptor descriptor = fds.get(fd);
        if (descriptor == null) {
            return Errno.BADF;
        }
        if ((base & ~Rights.ALL) != 0 || (inheriting & ~Rights.ALL) != 0) {
            return Errno.INVAL;
        }
        if ((base & ~descriptor.rightsBase) != 0 || (inheriting & ~descriptor.rightsInheriting) != 0) {
            return Errno.NOTCAPABLE;
        }
        descriptor.rightsBase = base;
        descriptor.rightsInheriting = inheriting;
        return Errno.SUCCESS;
    }

    private int prestatGet(Memory memory, int fd, int buf) {
        Descriptor descriptor = fds.get(fd);
        if (!(descriptor instanceof DirectoryDescriptor) || ((DirectoryDescriptor) descriptor).preopenName == null) {
            return Errno.BADF;
        }
        byte[] name = ((DirectoryDescriptor) descriptor).preopenName.getBytes(StandardCharsets.UTF_8);
        memory.writeI32(buf, 0); // tag 0 = dir, then padding
        memory.writeI32(buf + 4, name.length);
        return Errno.SUCCESS;
    }

    private int prestatDirName(Memory memory, int fd, int path, int len) {
        Descriptor descriptor = fds.get(fd);
        if (!(descriptor instanceof DirectoryDescriptor) || ((DirectoryDescriptor) descriptor).preopenName == null) {
            return Errno.NOTDIR; // wasmtime's answer for anything but a preopen, even a closed number
        }
        byte[] name = ((DirectoryDescriptor) descriptor).preopenName.getBytes(StandardCharsets.UTF_8);
        if (Integer.toUnsignedLong(len) < name.length) {
            return Errno.NAMETOOLONG;
        }
        memory.write(path, name);
        return Errno.SUCCESS;
    }

    // --- attributes ----------------------------------------------------------------------------

    private int filestatGet(Memory memory, int fd, int buf) {
        Descriptor descriptor = fds.get(fd);
        if (descriptor instanceof StreamDescriptor) {
            FileStats.write(memory, buf, 0, 0, descriptor.filetype(), 0, 0, 0, 0, 0);
            return Errno.SUCCESS;
        }
        int errno = fds.check(fd, NodeDescriptor.class, Rights.FD_FILESTAT_GET);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        NodeDescriptor node = (NodeDescriptor) descriptor;
        FileStats.write(memory, buf, node.mount.dev, node.mount.fs.getattr(node.ino));
        return Errno.SUCCESS;
    }

    private int filestatSetSize(int fd, long size) {
        int errno = fds.check(fd, FileDescriptor.class, Rights.FD_FILESTAT_SET_SIZE);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        if (size < 0) {
            return Errno.INVAL;
        }
        FileDescriptor file = (FileDescriptor) fds.get(fd);
        file.mount.requireWritable();
        context.limits.checkFileSize(size);
        file.mount.fs.truncate(file.ino, size);
        return Errno.SUCCESS;
    }

    private int filestatSetTimes(int fd, long atim, long mtim, int fstFlags) {
        int errno = fds.check(fd, NodeDescriptor.class, Rights.FD_FILESTAT_SET_TIMES);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        SetAttributes changes = SetTimes.of(atim, mtim, fstFlags, context.clocks);
        if (changes == null) {
            return Errno.INVAL;
        }
        NodeDescriptor node = (NodeDescriptor) fds.get(fd);
        node.mount.requireWritable();
        node.mount.fs.setattr(node.ino, changes);
        return Errno.SUCCESS;
    }

    private int advise(int fd, long offset, long len, int advice) {
        int errno = fds.check(fd, FileDescriptor.class, Rights.FD_ADVISE);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        return offset < 0 || len < 0 || advice < 0 || advice > ADVICE_MAX ? Errno.INVAL : Errno.SUCCESS;
    }

    /**
     * fd_allocate does not exist in WASI preview 2, and wasmtime answers ENOTSUP for every file
     * (EBADF for anything else); programs fall back to writing or fd_filestat_set_size.
     */
    private int allocate(int fd, long offset, long len) {
        int errno = fds.check(fd, FileDescriptor.class, Rights.FD_ALLOCATE);
        return errno != Errno.SUCCESS ? errno : Errno.NOTSUP;
    }

    /** fd_sync and fd_datasync: commit the file's inode. Directories and stdio: EBADF, as wasmtime. */
    private int sync(int fd, long right) {
        int errno = fds.check(fd, FileDescriptor.class, right);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        NodeDescriptor node = (NodeDescriptor) fds.get(fd);
        node.mount.fs.sync(node.ino);
        return Errno.SUCCESS;
    }

    // --- directories ---------------------------------------------------------------------------

    /**
     * Lists a directory as wasmtime does: "." (cookie 0) and ".." (cookie 1) first, then the
     * contract's entries; the cookie after a contract entry is its contract cookie + 2, so WASI
     * cookie 2 means "from the start of the contract listing". Fills the buffer completely, cutting
     * the last entry short, so the guest knows to call again.
     */
    private int readdir(Memory memory, int fd, int buf, int bufLen, long cookie, int bufusedPtr) {
        int errno = fds.check(fd, DirectoryDescriptor.class, Rights.FD_READDIR);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        DirectoryDescriptor dir = (DirectoryDescriptor) fds.get(fd);
        dir.mount.fs.refresh(); // see what other processes committed before this call
        DirentWriter out = new DirentWriter(memory, buf, Integer.toUnsignedLong(bufLen));
        if (Long.compareUnsigned(cookie, 0) == 0) {
            out.add(".", dir.ino, Flags.FILETYPE_DIRECTORY, 1);
        }
        if (Long.compareUnsigned(cookie, 1) <= 0 && !out.full()) {
            out.add("..", dir.ino, Flags.FILETYPE_DIRECTORY, 2);
        }
        long next = Long.compareUnsigned(cookie, 2) <= 0 ? 0 : cookie - 2;
        while (!out.full()) {
            int batch = (int) Math.max(16, Math.min(1024, out.remaining() / DIRENT_SIZE + 1));
            List<DirEntry> entries = dir.mount.fs.readdir(dir.ino, next, batch);
            if (entries.isEmpty()) {
                break;
            }
            for (DirEntry entry : entries) {
                out.add(entry.name(), entry.ino(), Flags.filetype(entry.type()), entry.cookie() + 2);
                next = entry.cookie();
                if (out.full()) {
                    break;
                }
            }
        }
        memory.writeI32(bufusedPtr, (int) out.used());
        return Errno.SUCCESS;
    }

    /** Appends witx dirents (24-byte header, then the name) to a guest buffer, truncating the last. */
    private static final class DirentWriter {
        private final Memory memory;
        private final int buf;
        private final long capacity;
        private long used;

        DirentWriter(Memory memory, int buf, long capacity) {
            this.memory = memory;
            this.buf = buf;
            this.capacity = capacity;
        }

        void add(String name, long ino, int filetype, long next) {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] record = new byte[DIRENT_SIZE + nameBytes.length];
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(record).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            header.putLong(0, next);
            header.putLong(8, ino);
            header.putInt(16, nameBytes.length);
            header.put(20, (byte) filetype);
            System.arraycopy(nameBytes, 0, record, DIRENT_SIZE, nameBytes.length);
            int n = (int) Math.min(record.length, remaining());
            memory.write((int) (buf + used), record, 0, n);
            used += n;
        }

        long remaining() {
            return capacity - used;
        }

        boolean full() {
            return used >= capacity;
        }

        long used() {
            return used;
        }
    }
}
