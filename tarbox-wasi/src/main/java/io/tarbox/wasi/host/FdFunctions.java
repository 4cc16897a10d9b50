package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.none;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiFunction.results;
import static io.tarbox.wasi.host.WasiType.ADVICE;
import static io.tarbox.wasi.host.WasiType.CIOVEC_ARRAY;
import static io.tarbox.wasi.host.WasiType.DIRCOOKIE;
import static io.tarbox.wasi.host.WasiType.FD;
import static io.tarbox.wasi.host.WasiType.FDFLAGS;
import static io.tarbox.wasi.host.WasiType.FDSTAT;
import static io.tarbox.wasi.host.WasiType.FILEDELTA;
import static io.tarbox.wasi.host.WasiType.FILESIZE;
import static io.tarbox.wasi.host.WasiType.FILESTAT;
import static io.tarbox.wasi.host.WasiType.FSTFLAGS;
import static io.tarbox.wasi.host.WasiType.IOVEC_ARRAY;
import static io.tarbox.wasi.host.WasiType.POINTER;
import static io.tarbox.wasi.host.WasiType.PRESTAT;
import static io.tarbox.wasi.host.WasiType.RIGHTS;
import static io.tarbox.wasi.host.WasiType.SIZE;
import static io.tarbox.wasi.host.WasiType.TIMESTAMP;
import static io.tarbox.wasi.host.WasiType.WHENCE;

import com.dylibso.chicory.runtime.Memory;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.wasi.host.WasiFunction.Call;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Every fd_* function: reading, writing, seeking, stat, flags, rights, readdir, prestat. */
final class FdFunctions {
    private static final int DIRENT_SIZE = 24;
    private static final int ADVICE_MAX = 5;

    /** Reads up to this size reuse one buffer ({@link #readBuffer}); larger ones get their own. */
    private static final int READ_BUFFER_MAX = 1 << 20;

    private final WasiContext context;
    private final FdTable fds;
    /**
     * Where file and stdin reads land before they are copied into the program's memory: kept between calls
     * (a program reads one call at a time), since allocating and zeroing a new array for every read
     * of a large file cost bigio more than the copy.
     */
    private byte[] readBuffer = new byte[0];

    FdFunctions(WasiContext context) {
        this.context = context;
        this.fds = context.fds;
    }

    List<WasiFunction> functions() {
        return List.of(
                declare(
                        "fd_advise",
                        params(FD.named("fd"), FILESIZE.named("offset"), FILESIZE.named("len"), ADVICE.named("advice")),
                        none(),
                        this::advise),
                declare(
                        "fd_allocate",
                        params(FD.named("fd"), FILESIZE.named("offset"), FILESIZE.named("len")),
                        none(),
                        this::allocate),
                declare("fd_close", params(FD.named("fd")), none(), this::close),
                declare("fd_datasync", params(FD.named("fd")), none(), c -> sync(c, Rights.FD_DATASYNC)),
                declare("fd_fdstat_get", params(FD.named("fd")), results(FDSTAT.named("stat")), this::fdstatGet),
                declare(
                        "fd_fdstat_set_flags",
                        params(FD.named("fd"), FDFLAGS.named("flags")),
                        none(),
                        this::fdstatSetFlags),
                declare(
                        "fd_fdstat_set_rights",
                        params(FD.named("fd"), RIGHTS.named("fs_rights_base"), RIGHTS.named("fs_rights_inheriting")),
                        none(),
                        this::fdstatSetRights),
                declare("fd_filestat_get", params(FD.named("fd")), results(FILESTAT.named("stat")), this::filestatGet),
                declare(
                        "fd_filestat_set_size",
                        params(FD.named("fd"), FILESIZE.named("size")),
                        none(),
                        this::filestatSetSize),
                declare(
                        "fd_filestat_set_times",
                        params(
                                FD.named("fd"),
                                TIMESTAMP.named("atim"),
                                TIMESTAMP.named("mtim"),
                                FSTFLAGS.named("fst_flags")),
                        none(),
                        this::filestatSetTimes),
                declare(
                        "fd_pread",
                        params(FD.named("fd"), IOVEC_ARRAY.named("iovs"), FILESIZE.named("offset")),
                        results(SIZE.named("nread")),
                        c -> read(c, true)),
                declare("fd_prestat_get", params(FD.named("fd")), results(PRESTAT.named("prestat")), this::prestatGet),
                declare(
                        "fd_prestat_dir_name",
                        params(FD.named("fd"), POINTER.named("path"), SIZE.named("path_len")),
                        none(),
                        this::prestatDirName),
                declare(
                        "fd_pwrite",
                        params(FD.named("fd"), CIOVEC_ARRAY.named("iovs"), FILESIZE.named("offset")),
                        results(SIZE.named("nwritten")),
                        c -> write(c, true)),
                declare(
                        "fd_read",
                        params(FD.named("fd"), IOVEC_ARRAY.named("iovs")),
                        results(SIZE.named("nread")),
                        c -> read(c, false)),
                declare(
                        "fd_readdir",
                        params(FD.named("fd"), POINTER.named("buf"), SIZE.named("buf_len"), DIRCOOKIE.named("cookie")),
                        results(SIZE.named("bufused")),
                        this::readdir),
                declare("fd_renumber", params(FD.named("fd"), FD.named("to")), none(), this::renumber),
                declare(
                        "fd_seek",
                        params(FD.named("fd"), FILEDELTA.named("offset"), WHENCE.named("whence")),
                        results(FILESIZE.named("newoffset")),
                        this::seek),
                declare("fd_sync", params(FD.named("fd")), none(), c -> sync(c, Rights.FD_SYNC)),
                declare("fd_tell", params(FD.named("fd")), results(FILESIZE.named("offset")), this::tell),
                declare(
                        "fd_write",
                        params(FD.named("fd"), CIOVEC_ARRAY.named("iovs")),
                        results(SIZE.named("nwritten")),
                        c -> write(c, false)));
    }

    // --- reading and writing -------------------------------------------------------------------

    /** fd_read and fd_pread: parameters fd, iovs (and offset); result nread. */
    private void read(Call c, boolean positioned) {
        Memory memory = c.memory();
        int fd = c.i32(0);
        int iovs = c.pointer(1);
        int iovsLen = c.length(1);
        if (fds.get(fd) instanceof StreamDescriptor stream && stream.in != null) {
            if (positioned) {
                throw WasiError.of(Errno.SPIPE);
            }
            FdTable.require(stream, Rights.FD_READ);
            readStream(memory, stream, iovs, iovsLen, c.out(0));
            return;
        }
        FileDescriptor file = positioned ? seekable(fd, Rights.FD_READ) : fds.file(fd, Rights.FD_READ);
        long offset = positioned ? c.i64(2) : 0;
        if (positioned && offset < 0) {
            throw WasiError.of(Errno.INVAL);
        }
        int length = Iovecs.totalLength(memory, iovs, iovsLen);
        byte[] buffer = readBuffer(length);
        long at = positioned ? offset : file.position;
        int n = length == 0 ? 0 : file.mount.fs.read(file.ino, at, buffer, 0, length);
        Iovecs.scatter(memory, iovs, iovsLen, buffer, n);
        if (!positioned) {
            file.position = at + n;
        }
        memory.writeI32(c.out(0), n);
    }

    private byte[] readBuffer(int length) {
        if (length > READ_BUFFER_MAX) {
            return new byte[length];
        }
        if (readBuffer.length < length) {
            readBuffer = new byte[Math.max(length, Math.min(READ_BUFFER_MAX, readBuffer.length * 2))];
        }
        return readBuffer;
    }

    private void readStream(Memory memory, StreamDescriptor stdin, int iovs, int iovsLen, int nreadPtr) {
        int length = Iovecs.totalLength(memory, iovs, iovsLen);
        byte[] buffer = readBuffer(length);
        int n;
        try {
            n = Math.max(0, stdin.in.read(buffer, 0, length));
        } catch (IOException e) {
            throw WasiError.of(Errno.IO);
        }
        Iovecs.scatter(memory, iovs, iovsLen, buffer, n);
        memory.writeI32(nreadPtr, n);
    }

    /** fd_write and fd_pwrite: parameters fd, iovs (and offset); result nwritten. */
    private void write(Call c, boolean positioned) {
        Memory memory = c.memory();
        int fd = c.i32(0);
        int iovs = c.pointer(1);
        int iovsLen = c.length(1);
        if (fds.get(fd) instanceof StreamDescriptor stream && stream.out != null) {
            if (positioned) {
                throw WasiError.of(Errno.SPIPE);
            }
            FdTable.require(stream, Rights.FD_WRITE);
            byte[] data = Iovecs.gather(memory, iovs, iovsLen);
            try {
                stream.out.write(data);
                stream.out.flush();
            } catch (IOException e) {
                throw WasiError.of(Errno.IO);
            }
            memory.writeI32(c.out(0), data.length);
            return;
        }
        FileDescriptor file = positioned ? seekable(fd, Rights.FD_WRITE) : fds.file(fd, Rights.FD_WRITE);
        long offset = positioned ? c.i64(2) : 0;
        if (positioned && offset < 0) {
            throw WasiError.of(Errno.INVAL);
        }
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
        memory.writeI32(c.out(0), length);
    }

    /** A descriptor used with an explicit offset: stdio cannot seek (ESPIPE). */
    private FileDescriptor seekable(int fd, long right) {
        if (fds.get(fd) instanceof StreamDescriptor) {
            throw WasiError.of(Errno.SPIPE);
        }
        return fds.file(fd, right);
    }

    /** fd_seek; a seek that only tells (0 from the current offset) needs FD_TELL or FD_SEEK. */
    private void seek(Call c) {
        int fd = c.i32(0);
        long delta = c.i64(1);
        int whence = c.i32(2);
        Descriptor descriptor = fds.get(fd);
        boolean tellOnly = whence == Flags.WHENCE_CUR && delta == 0;
        long right = tellOnly && descriptor != null && Rights.has(descriptor.rightsBase, Rights.FD_TELL)
                ? Rights.FD_TELL
                : Rights.FD_SEEK;
        FileDescriptor file = seekable(fd, right);
        long base = switch (whence) {
            case Flags.WHENCE_SET -> 0;
            case Flags.WHENCE_CUR -> file.position;
            case Flags.WHENCE_END -> file.mount.fs.getattr(file.ino).size();
            default -> throw WasiError.of(Errno.INVAL);
        };
        long position = base + delta;
        if (((base ^ position) & (delta ^ position)) < 0 || position < 0) {
            throw WasiError.of(Errno.INVAL);
        }
        file.position = position;
        c.memory().writeLong(c.out(0), position);
    }

    private void tell(Call c) {
        FileDescriptor file = seekable(c.i32(0), Rights.FD_TELL);
        c.memory().writeLong(c.out(0), file.position);
    }

    // --- descriptor state ----------------------------------------------------------------------

    private void close(Call c) {
        if (fds.remove(c.i32(0)) == null) {
            throw WasiError.of(Errno.BADF);
        }
    }

    /** Both numbers must be open (EBADF otherwise), as wasmtime; {@code to} is closed first. */
    private void renumber(Call c) {
        int from = c.i32(0);
        int to = c.i32(1);
        fds.open(from);
        fds.open(to);
        if (from != to) {
            fds.renumber(from, to);
        }
    }

    private void fdstatGet(Call c) {
        Descriptor descriptor = fds.open(c.i32(0));
        Memory memory = c.memory();
        int buf = c.out(0);
        memory.writeByte(buf, (byte) descriptor.filetype());
        memory.writeByte(buf + 1, (byte) 0);
        memory.writeShort(buf + 2, (short) descriptor.flags);
        memory.writeI32(buf + 4, 0);
        memory.writeLong(buf + 8, descriptor.rightsBase);
        memory.writeLong(buf + 16, descriptor.rightsInheriting);
    }

    /**
     * Changes APPEND and NONBLOCK of an open file. The sync flags can only be given to path_open;
     * here they are EINVAL, as wasmtime. The sync flags set at open time are kept.
     */
    private void fdstatSetFlags(Call c) {
        FileDescriptor file = fds.file(c.i32(0), Rights.FD_FDSTAT_SET_FLAGS);
        int flags = c.i32(1);
        int changeable = Flags.FD_APPEND | Flags.FD_NONBLOCK;
        if ((flags & ~changeable) != 0) {
            throw WasiError.of(Errno.INVAL);
        }
        file.flags = (file.flags & ~changeable) | flags;
    }

    /** Rights can only shrink (ENOTCAPABLE otherwise), as the WASI text says. */
    private void fdstatSetRights(Call c) {
        Descriptor descriptor = fds.open(c.i32(0));
        long base = c.i64(1);
        long inheriting = c.i64(2);
        if ((base & ~Rights.ALL) != 0 || (inheriting & ~Rights.ALL) != 0) {
            throw WasiError.of(Errno.INVAL);
        }
        if ((base & ~descriptor.rightsBase) != 0 || (inheriting & ~descriptor.rightsInheriting) != 0) {
            throw WasiError.of(Errno.NOTCAPABLE);
        }
        descriptor.rightsBase = base;
        descriptor.rightsInheriting = inheriting;
    }

    private void prestatGet(Call c) {
        if (!(fds.get(c.i32(0)) instanceof DirectoryDescriptor dir) || dir.preopenName == null) {
            throw WasiError.of(Errno.BADF);
        }
        byte[] name = dir.preopenName.getBytes(StandardCharsets.UTF_8);
        c.memory().writeI32(c.out(0), 0); // tag 0 = dir, then padding
        c.memory().writeI32(c.out(0) + 4, name.length);
    }

    private void prestatDirName(Call c) {
        if (!(fds.get(c.i32(0)) instanceof DirectoryDescriptor dir) || dir.preopenName == null) {
            throw WasiError.of(Errno.NOTDIR); // wasmtime's answer for anything but a preopen, even a closed number
        }
        byte[] name = dir.preopenName.getBytes(StandardCharsets.UTF_8);
        if (Integer.toUnsignedLong(c.i32(2)) < name.length) {
            throw WasiError.of(Errno.NAMETOOLONG);
        }
        c.memory().write(c.i32(1), name);
    }

    // --- attributes ----------------------------------------------------------------------------

    private void filestatGet(Call c) {
        int fd = c.i32(0);
        if (fds.get(fd) instanceof StreamDescriptor stream) {
            FileStats.write(c.memory(), c.out(0), 0, 0, stream.filetype(), 0, 0, 0, 0, 0);
            return;
        }
        NodeDescriptor node = fds.node(fd, Rights.FD_FILESTAT_GET);
        FileStats.write(c.memory(), c.out(0), node.mount.dev, node.mount.fs.getattr(node.ino));
    }

    private void filestatSetSize(Call c) {
        FileDescriptor file = fds.file(c.i32(0), Rights.FD_FILESTAT_SET_SIZE);
        long size = c.i64(1);
        if (size < 0) {
            throw WasiError.of(Errno.INVAL);
        }
        file.mount.requireWritable();
        context.limits.checkFileSize(size);
        file.mount.fs.truncate(file.ino, size);
    }

    private void filestatSetTimes(Call c) {
        NodeDescriptor node = fds.node(c.i32(0), Rights.FD_FILESTAT_SET_TIMES);
        SetAttributes changes = SetTimes.of(c.i64(1), c.i64(2), c.i32(3), context.clocks);
        if (changes == null) {
            throw WasiError.of(Errno.INVAL);
        }
        node.mount.requireWritable();
        node.mount.fs.setattr(node.ino, changes);
    }

    private void advise(Call c) {
        fds.file(c.i32(0), Rights.FD_ADVISE);
        long offset = c.i64(1);
        long len = c.i64(2);
        int advice = c.i32(3);
        if (offset < 0 || len < 0 || advice < 0 || advice > ADVICE_MAX) {
            throw WasiError.of(Errno.INVAL);
        }
    }

    /**
     * fd_allocate does not exist in WASI preview 2, and wasmtime answers ENOTSUP for every file
     * (EBADF for anything else); programs fall back to writing or fd_filestat_set_size.
     */
    private void allocate(Call c) {
        fds.file(c.i32(0), Rights.FD_ALLOCATE);
        throw WasiError.of(Errno.NOTSUP);
    }

    /** fd_sync and fd_datasync: commit the file's inode. Directories and stdio: EBADF, as wasmtime. */
    private void sync(Call c, long right) {
        FileDescriptor file = fds.file(c.i32(0), right);
        file.mount.fs.sync(file.ino);
    }

    // --- directories ---------------------------------------------------------------------------

    /**
     * Lists a directory as wasmtime does: "." (cookie 0) and ".." (cookie 1) first, then the
     * contract's entries; WASI cookie 2 means "from the start of the contract listing", and the
     * cookie after a contract entry is a number the descriptor keeps for that entry's contract
     * cookie ({@link DirectoryDescriptor#guestCookie}). A cookie the descriptor never handed out
     * lists nothing, as one past the end would. Fills the buffer completely, cutting the last entry
     * short, so the guest knows to call again.
     */
    private void readdir(Call c) {
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.FD_READDIR);
        long cookie = c.i64(3);
        dir.mount.fs.refresh(); // see what other processes committed before this call
        DirentWriter out = new DirentWriter(c.memory(), c.i32(1), Integer.toUnsignedLong(c.i32(2)));
        if (Long.compareUnsigned(cookie, 0) == 0) {
            out.add(".", dir.ino, Flags.FILETYPE_DIRECTORY, 1);
        }
        if (Long.compareUnsigned(cookie, 1) <= 0 && !out.full()) {
            out.add("..", dir.ino, Flags.FILETYPE_DIRECTORY, 2);
        }
        Long next = Long.compareUnsigned(cookie, 2) <= 0 ? Long.valueOf(0) : dir.contractCookie(cookie);
        while (next != null && !out.full()) {
            int batch = (int) Math.max(16, Math.min(1024, out.remaining() / DIRENT_SIZE + 1));
            List<DirEntry> entries = dir.mount.fs.readdir(dir.ino, next, batch);
            if (entries.isEmpty()) {
                break;
            }
            for (DirEntry entry : entries) {
                out.add(entry.name(), entry.ino(), Flags.filetype(entry.type()), dir.guestCookie(entry.cookie()));
                next = entry.cookie();
                if (out.full()) {
                    break;
                }
            }
        }
        c.memory().writeI32(c.out(0), (int) out.used());
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
            ByteBuffer header = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
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
