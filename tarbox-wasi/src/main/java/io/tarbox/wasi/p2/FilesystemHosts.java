package io.tarbox.wasi.p2;

import io.tarbox.component.abi.VariantValue;
import io.tarbox.component.link.HostInstance;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Resolved;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.host.FilesystemErrorCode;
import io.tarbox.wasi.host.Mount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code wasi:filesystem/types} and {@code wasi:filesystem/preopens}, over the same
 * {@link FilesystemInterface}, preopens ({@link Mount}) and CONFINED {@link PathResolver} as the
 * preview 1 host: every path is walked from the descriptor's own inode and can never leave it
 * (absolute paths, "..", symlinks: not-permitted). Permissions and error choices follow wasmtime's
 * WASI 0.2 host: a read-only preopen refuses every change with not-permitted; open-at's open mode
 * (read, write, mutate-directory) is checked by the calls that need it.
 */
final class FilesystemHosts {
    private static final int FILE_MODE = 0644;
    private static final int DIRECTORY_MODE = 0755;

    // descriptor-flags
    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int FILE_INTEGRITY_SYNC = 4;
    private static final int DATA_INTEGRITY_SYNC = 8;
    private static final int REQUESTED_WRITE_SYNC = 16;
    private static final int MUTATE_DIRECTORY = 32;
    // open-flags
    private static final int O_CREATE = 1;
    private static final int O_DIRECTORY = 2;
    private static final int O_EXCLUSIVE = 4;
    private static final int O_TRUNCATE = 8;
    // path-flags
    private static final int SYMLINK_FOLLOW = 1;

    private final P2Context context;
    private final P2Resources resources;

    private FilesystemHosts(P2Context context, P2Resources resources) {
        this.context = context;
        this.resources = resources;
    }

    static List<HostInstance> instances(P2Context context, P2Resources r) {
        return new FilesystemHosts(context, r).instances();
    }

    private List<HostInstance> instances() {
        ResourceNames r = new ResourceNames();
        HostInstance types = new HostInstance("wasi:filesystem/types")
                .resource("descriptor", resources.descriptor)
                .resource("directory-entry-stream", resources.directoryEntryStream)
                .resource("input-stream", resources.inputStream)
                .resource("output-stream", resources.outputStream)
                .resource("error", resources.error)
                .func(
                        r.m("read-via-stream"),
                        2,
                        a -> Results.of(() -> new P2InputStream.FileInput(readable(d(a)), (Long) a[1])))
                .func(r.m("write-via-stream"), 2, a -> Results.of(() -> output(d(a), (Long) a[1], false)))
                .func(r.m("append-via-stream"), 1, a -> Results.of(() -> output(d(a), 0, true)))
                .func(r.m("advise"), 4, a -> Results.run(() -> d(a).file()))
                .func(r.m("sync-data"), 1, a -> Results.run(() -> sync(d(a))))
                .func(r.m("sync"), 1, a -> Results.run(() -> sync(d(a))))
                .func(r.m("get-flags"), 1, a -> Results.of(() -> flags(d(a))))
                .func(
                        r.m("get-type"),
                        1,
                        a -> Results.of(() ->
                                descriptorType(d(a).mount.fs().getattr(d(a).ino).type())))
                .func(r.m("set-size"), 2, a -> Results.run(() -> setSize(d(a), (Long) a[1])))
                .func(
                        r.m("set-times"),
                        3,
                        a -> Results.run(
                                () -> setTimes(d(a), d(a).ino, a[1], a[2], "fd_filestat_set_times", d(a).guestPath)))
                .func(r.m("read"), 3, a -> Results.of(() -> read(d(a), (Long) a[1], (Long) a[2])))
                .func(r.m("write"), 3, a -> Results.of(() -> write(d(a), (byte[]) a[1], (Long) a[2])))
                .func(r.m("read-directory"), 1, a -> Results.of(() -> readDirectory(d(a))))
                .func(r.m("create-directory-at"), 2, a -> Results.run(() -> createDirectoryAt(d(a), (String) a[1])))
                .func(r.m("stat"), 1, a -> Results.of(() -> stat(d(a).mount.fs().getattr(d(a).ino))))
                .func(r.m("stat-at"), 3, a -> Results.of(() -> statAt(d(a), (Integer) a[1], (String) a[2])))
                .func(
                        r.m("set-times-at"),
                        5,
                        a -> Results.run(() -> setTimesAt(d(a), (Integer) a[1], (String) a[2], a[3], a[4])))
                .func(
                        r.m("link-at"),
                        5,
                        a -> Results.run(
                                () -> linkAt(d(a), (Integer) a[1], (String) a[2], (P2Descriptor) a[3], (String) a[4])))
                .func(
                        r.m("open-at"),
                        5,
                        a -> Results.of(
                                () -> openAt(d(a), (Integer) a[1], (String) a[2], (Integer) a[3], (Integer) a[4])))
                .func(r.m("readlink-at"), 2, a -> Results.of(() -> readlinkAt(d(a), (String) a[1])))
                .func(r.m("remove-directory-at"), 2, a -> Results.run(() -> removeDirectoryAt(d(a), (String) a[1])))
                .func(
                        r.m("rename-at"),
                        4,
                        a -> Results.run(() -> renameAt(d(a), (String) a[1], (P2Descriptor) a[2], (String) a[3])))
                .func(r.m("symlink-at"), 3, a -> Results.run(() -> symlinkAt(d(a), (String) a[1], (String) a[2])))
                .func(r.m("unlink-file-at"), 2, a -> Results.run(() -> unlinkFileAt(d(a), (String) a[1])))
                .func(
                        r.m("is-same-object"),
                        2,
                        a -> d(a).mount.fs() == ((P2Descriptor) a[1]).mount.fs()
                                && d(a).ino == ((P2Descriptor) a[1]).ino)
                .func(
                        r.m("metadata-hash"),
                        1,
                        a -> Results.of(
                                () -> metadataHash(d(a).mount, d(a).mount.fs().getattr(d(a).ino))))
                .func(
                        r.m("metadata-hash-at"),
                        3,
                        a -> Results.of(() -> metadataHashAt(d(a), (Integer) a[1], (String) a[2])))
                .func(
                        "[method]directory-entry-stream.read-directory-entry",
                        1,
                        a -> Results.of(() -> ((DirectoryEntries) a[0]).next()))
                .func("filesystem-error-code", 1, a -> {
                    IoError e = (IoError) a[0];
                    return e.code() == null
                            ? Optional.empty()
                            : Optional.of(e.code().ordinal());
                });
        HostInstance preopens = new HostInstance("wasi:filesystem/preopens")
                .resource("descriptor", resources.descriptor)
                .func("get-directories", 0, a -> {
                    List<Object> out = new ArrayList<>();
                    for (Mount mount : context.mounts) {
                        String name = mount.preopen().guestPath();
                        out.add(new Object[] {
                            new P2Descriptor(
                                    mount,
                                    mount.preopen().rootIno(),
                                    true,
                                    true,
                                    !mount.preopen().readOnly(),
                                    name,
                                    false,
                                    false),
                            name
                        });
                    }
                    return out;
                });
        return List.of(types, preopens);
    }

    /** Names a descriptor method. */
    private static final class ResourceNames {
        String m(String method) {
            return "[method]descriptor." + method;
        }
    }

    private static P2Descriptor d(Object[] args) {
        return (P2Descriptor) args[0];
    }

    // --- files ---------------------------------------------------------------------------------

    private static P2Descriptor readable(P2Descriptor d) {
        d.file();
        if (!d.read) {
            throw new ErrorCodeException(FilesystemErrorCode.BAD_DESCRIPTOR);
        }
        return d;
    }

    private Object output(P2Descriptor d, long offset, boolean append) {
        d.file();
        if (!d.write) {
            throw new ErrorCodeException(FilesystemErrorCode.BAD_DESCRIPTOR);
        }
        return new P2OutputStream.FileOutput(d, offset, append, context.limits, context.audit);
    }

    private static void sync(P2Descriptor d) {
        d.mount.fs().sync(d.ino);
    }

    private static int flags(P2Descriptor d) {
        if (d.directory) {
            return (d.read ? READ : 0) | (d.write ? MUTATE_DIRECTORY : 0);
        }
        return (d.read ? READ : 0) | (d.write ? WRITE : 0) | (d.sync ? FILE_INTEGRITY_SYNC | DATA_INTEGRITY_SYNC : 0);
    }

    private void setSize(P2Descriptor d, long size) {
        d.file();
        audited("fd_filestat_set_size", d.guestPath, () -> {
            if (!d.write) {
                throw new ErrorCodeException(FilesystemErrorCode.BAD_DESCRIPTOR);
            }
            if (size < 0) {
                throw new FsException(FsError.INVALID, "size beyond 2^63");
            }
            d.mount.requireWritable();
            context.limits.checkFileSize(size);
            d.mount.fs().truncate(d.ino, size);
        });
    }

    private Object read(P2Descriptor d, long length, long offset) {
        d.file();
        if (!d.read) {
            throw new ErrorCodeException(FilesystemErrorCode.NOT_PERMITTED);
        }
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "offset beyond 2^63");
        }
        int n = P2InputStream.cap(length);
        byte[] buffer = new byte[n];
        int got = n == 0 ? 0 : Math.max(0, d.mount.fs().read(d.ino, offset, buffer, 0, n));
        return new Object[] {got == n ? buffer : Arrays.copyOf(buffer, got), got == 0 && n > 0};
    }

    private Object write(P2Descriptor d, byte[] data, long offset) {
        d.file();
        if (!d.write) {
            throw new ErrorCodeException(FilesystemErrorCode.NOT_PERMITTED);
        }
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "offset beyond 2^63");
        }
        try {
            d.mount.requireWritable();
            int n = context.limits.writableBytes(offset, data.length);
            d.mount.fs().write(d.ino, offset, data, 0, n);
            if (d.sync) {
                d.mount.fs().sync(d.ino);
            }
            if (context.audit != null) {
                context.audit.wrote(d, n);
            }
            return (long) n;
        } catch (FsException e) {
            if (context.audit != null) {
                context.audit.failed("fd_write", d.guestPath, e.error());
            }
            throw e;
        }
    }

    private Object readDirectory(P2Descriptor d) {
        d.dir();
        if (!d.read) {
            throw new ErrorCodeException(FilesystemErrorCode.NOT_PERMITTED);
        }
        d.mount.fs().refresh(); // see what other processes committed before this call
        return new DirectoryEntries(d);
    }

    // --- paths ---------------------------------------------------------------------------------

    private static Resolved resolve(P2Descriptor dir, String path, boolean follow) {
        return new PathResolver(dir.mount.fs(), dir.ino, PathResolver.Confinement.CONFINED).resolve(path, follow);
    }

    private static String join(P2Descriptor dir, String path) {
        String base = dir.guestPath;
        if (base == null) {
            return path;
        }
        return base.endsWith("/") ? base + path : base + "/" + path;
    }

    /** Runs a mutating call, recording it (successful or not) as the preview 1 operation {@code operation}. */
    private void audited(String operation, String path, Runnable body) {
        try {
            body.run();
            if (context.audit != null) {
                context.audit.ok(operation, path);
            }
        } catch (FsException e) {
            if (context.audit != null) {
                context.audit.failed(operation, path, e.error());
            }
            throw e;
        } catch (ErrorCodeException e) {
            if (context.audit != null) {
                context.audit.failed(operation, path, errorOf(e.code));
            }
            throw e;
        }
    }

    /** The contract error that stands for an error-code in the audit trail's errno column. */
    private static FsError errorOf(FilesystemErrorCode code) {
        for (FsError e : FsError.values()) {
            if (FilesystemErrorCode.of(e) == code) {
                return e;
            }
        }
        return FsError.INVALID;
    }

    private void createDirectoryAt(P2Descriptor dir, String path) {
        dir.dir();
        audited("path_create_directory", join(dir, path), () -> {
            Resolved target = resolve(dir, path, false);
            if (target.exists() || target.name() == null) {
                throw new FsException(FsError.EXISTS, path);
            }
            dir.mount.requireWritable();
            dir.mount.fs().mkdir(target.dir(), target.name(), DIRECTORY_MODE);
        });
    }

    private Object statAt(P2Descriptor dir, int pathFlags, String path) {
        dir.dir();
        dir.mount.fs().refresh(); // see what other processes committed before this call
        return stat(resolve(dir, path, (pathFlags & SYMLINK_FOLLOW) != 0).existing());
    }

    private void setTimesAt(P2Descriptor dir, int pathFlags, String path, Object atim, Object mtim) {
        dir.dir();
        String guestPath = join(dir, path);
        audited("path_filestat_set_times", guestPath, () -> {
            FileAttributes attributes =
                    resolve(dir, path, (pathFlags & SYMLINK_FOLLOW) != 0).existing();
            setTimes(dir, attributes.ino(), atim, mtim, null, null);
        });
    }

    private void setTimes(P2Descriptor d, long ino, Object atim, Object mtim, String operation, String path) {
        Runnable body = () -> {
            d.mount.requireWritable();
            long now = context.clocks.realtime();
            SetAttributes changes =
                    SetAttributes.times(timestamp((VariantValue) atim, now), timestamp((VariantValue) mtim, now));
            d.mount.fs().setattr(ino, changes);
        };
        if (operation == null) {
            body.run();
        } else {
            audited(operation, path, body);
        }
    }

    /** A {@code new-timestamp}: null for no-change, else nanoseconds since the epoch. */
    private static Long timestamp(VariantValue v, long now) {
        switch (v.index()) {
            case 0:
                return null;
            case 1:
                return now;
            default: {
                Object[] datetime = (Object[]) v.value();
                long seconds = (Long) datetime[0];
                int nanos = (Integer) datetime[1];
                if (Integer.compareUnsigned(nanos, 1_000_000_000) >= 0) {
                    throw new FsException(FsError.INVALID, "nanoseconds out of range");
                }
                try {
                    return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
                } catch (ArithmeticException e) {
                    throw new FsException(FsError.INVALID, "timestamp out of range");
                }
            }
        }
    }

    private void linkAt(P2Descriptor from, int oldFlags, String oldPath, P2Descriptor to, String newPath) {
        from.dir();
        to.dir();
        audited("path_link", join(from, oldPath) + " -> " + join(to, newPath), () -> {
            if ((oldFlags & SYMLINK_FOLLOW) != 0) {
                throw new FsException(FsError.INVALID, "link-at never follows a symlink (as wasmtime)");
            }
            FileAttributes source = resolve(from, oldPath, false).existing();
            Resolved target = resolve(to, newPath, false);
            if (target.exists() || target.name() == null) {
                throw new FsException(FsError.EXISTS, newPath);
            }
            if (target.trailingSlash()) {
                throw new FsException(FsError.NOT_FOUND, newPath);
            }
            if (from.mount.fs() != to.mount.fs()) {
                throw new FsException(FsError.CROSS_DEVICE, newPath);
            }
            to.mount.requireWritable();
            to.mount.fs().link(source.ino(), target.dir(), target.name());
        });
    }

    /**
     * Opens (and with create makes) a file or directory, as wasmtime's open-at: directory with
     * create, exclusive or truncate is invalid; exclusive never follows a final symlink; a final
     * symlink not followed is loop (not-directory with directory); a directory opened for writing
     * or truncation is is-directory; create on a name ending in '/' is is-directory. Create opens
     * for writing. Past --max-open-files it fails with insufficient-memory (WASI 0.2 has no EMFILE).
     */
    private Object openAt(P2Descriptor dir, int pathFlags, String path, int openFlags, int flags) {
        dir.dir();
        boolean create = (openFlags & O_CREATE) != 0;
        boolean directoryOnly = (openFlags & O_DIRECTORY) != 0;
        boolean exclusive = (openFlags & O_EXCLUSIVE) != 0;
        boolean truncate = (openFlags & O_TRUNCATE) != 0;
        boolean write = (flags & WRITE) != 0 || create;
        boolean changes = create || truncate || (flags & WRITE) != 0;
        Supplier<Object> body = () -> {
            if ((changes || (flags & MUTATE_DIRECTORY) != 0)
                    && dir.mount.preopen().readOnly()) {
                throw new FsException(
                        FsError.NOT_PERMITTED,
                        "read-only preopen " + dir.mount.preopen().guestPath());
            }
            if (directoryOnly && (create || exclusive || truncate)) {
                throw new FsException(FsError.INVALID, "directory with create, exclusive or truncate");
            }
            if (context.limits.maxOpenFiles() != RunLimits.UNLIMITED && context.open >= context.limits.maxOpenFiles()) {
                throw new ErrorCodeException(FilesystemErrorCode.INSUFFICIENT_MEMORY);
            }
            FilesystemInterface fs = dir.mount.fs();
            fs.refresh(); // see what other processes committed before this call
            Resolved target = resolve(dir, path, (pathFlags & SYMLINK_FOLLOW) != 0 && !(create && exclusive));
            FileAttributes attributes = target.attributes();
            if (attributes == null) {
                if (!create) {
                    throw new FsException(FsError.NOT_FOUND, path);
                }
                if (target.trailingSlash()) {
                    throw new FsException(FsError.IS_DIRECTORY, path);
                }
                dir.mount.requireWritable();
                attributes = fs.create(target.dir(), target.name(), FILE_MODE, exclusive);
            } else if (create && exclusive) {
                throw new FsException(FsError.EXISTS, path);
            }
            if (attributes.isSymlink()) {
                throw new FsException(directoryOnly ? FsError.NOT_DIRECTORY : FsError.LOOP, path);
            }
            boolean sync = (flags & (FILE_INTEGRITY_SYNC | DATA_INTEGRITY_SYNC | REQUESTED_WRITE_SYNC)) != 0;
            String guestPath = join(dir, path);
            P2Descriptor opened;
            if (attributes.isDirectory()) {
                if ((flags & WRITE) != 0 || truncate) {
                    throw new FsException(FsError.IS_DIRECTORY, path);
                }
                opened = new P2Descriptor(
                        dir.mount,
                        attributes.ino(),
                        true,
                        true,
                        (flags & MUTATE_DIRECTORY) != 0 && dir.write,
                        guestPath,
                        true,
                        false);
            } else {
                if (directoryOnly) {
                    throw new FsException(FsError.NOT_DIRECTORY, path);
                }
                if (write || truncate) {
                    dir.mount.requireWritable();
                }
                if (truncate && attributes.size() > 0) {
                    fs.truncate(attributes.ino(), 0);
                }
                opened = new P2Descriptor(
                        dir.mount,
                        attributes.ino(),
                        false,
                        (flags & READ) != 0 || !write,
                        write,
                        guestPath,
                        true,
                        sync);
            }
            context.open++;
            return opened;
        };
        if (!changes) {
            return body.get();
        }
        Object[] result = new Object[1];
        audited("path_open", join(dir, path), () -> result[0] = body.get());
        return result[0];
    }

    private static Object readlinkAt(P2Descriptor dir, String path) {
        dir.dir();
        FileAttributes attributes = resolve(dir, path, false).existing();
        if (!attributes.isSymlink()) {
            throw new FsException(FsError.INVALID, path + " is not a symlink");
        }
        return dir.mount.fs().readlink(attributes.ino());
    }

    private void removeDirectoryAt(P2Descriptor dir, String path) {
        dir.dir();
        audited("path_remove_directory", join(dir, path), () -> {
            Resolved target = resolve(dir, path, false);
            if (target.name() == null) {
                throw new FsException(FsError.INVALID, "rmdir of '.'");
            }
            target.existing();
            dir.mount.requireWritable();
            dir.mount.fs().rmdir(target.dir(), target.name());
        });
    }

    private void renameAt(P2Descriptor from, String oldPath, P2Descriptor to, String newPath) {
        from.dir();
        to.dir();
        audited("path_rename", join(from, oldPath) + " -> " + join(to, newPath), () -> {
            Resolved source = resolve(from, oldPath, false);
            Resolved target = resolve(to, newPath, false);
            if (source.name() == null || target.name() == null) {
                throw new FsException(FsError.INVALID, "rename of '.' or '..'");
            }
            FileAttributes moved = source.existing();
            if (target.trailingSlash() && !moved.isDirectory()) {
                throw new FsException(FsError.NOT_DIRECTORY, newPath);
            }
            if (from.mount.fs() != to.mount.fs()) {
                throw new FsException(FsError.CROSS_DEVICE, newPath);
            }
            from.mount.requireWritable();
            to.mount.requireWritable();
            from.mount.fs().rename(source.dir(), source.name(), target.dir(), target.name());
        });
    }

    /** An absolute target is refused with not-permitted, as wasmtime (cap-std) does. */
    private void symlinkAt(P2Descriptor dir, String linkTarget, String newPath) {
        dir.dir();
        audited("path_symlink", join(dir, newPath), () -> {
            if (linkTarget.startsWith("/")) {
                throw new FsException(FsError.NOT_PERMITTED, "absolute symlink target");
            }
            Resolved target = resolve(dir, newPath, false);
            if (target.exists() || target.name() == null) {
                throw new FsException(FsError.EXISTS, newPath);
            }
            if (target.trailingSlash()) {
                throw new FsException(FsError.NOT_FOUND, newPath);
            }
            dir.mount.requireWritable();
            dir.mount.fs().symlink(target.dir(), target.name(), linkTarget);
        });
    }

    private void unlinkFileAt(P2Descriptor dir, String path) {
        dir.dir();
        audited("path_unlink_file", join(dir, path), () -> {
            Resolved target = resolve(dir, path, false);
            if (target.name() == null) {
                throw new FsException(FsError.IS_DIRECTORY, "unlink of '.'");
            }
            target.existing();
            dir.mount.requireWritable();
            dir.mount.fs().unlink(target.dir(), target.name());
        });
    }

    private Object metadataHashAt(P2Descriptor dir, int pathFlags, String path) {
        dir.dir();
        return metadataHash(
                dir.mount, resolve(dir, path, (pathFlags & SYMLINK_FOLLOW) != 0).existing());
    }

    // --- values --------------------------------------------------------------------------------

    /** The {@code descriptor-type} enum value of a contract file type. */
    static int descriptorType(FileType type) {
        switch (type) {
            case BLOCK_DEVICE:
                return 1;
            case CHARACTER_DEVICE:
                return 2;
            case DIRECTORY:
                return 3;
            case FIFO:
                return 4;
            case SYMLINK:
                return 5;
            case REGULAR:
                return 6;
            case SOCKET:
                return 7;
            default:
                return 0;
        }
    }

    /** A {@code descriptor-stat} record. */
    private static Object[] stat(FileAttributes a) {
        return new Object[] {
            descriptorType(a.type()),
            a.nlink(),
            a.size(),
            Optional.of(ClockHosts.datetime(a.atimeNs())),
            Optional.of(ClockHosts.datetime(a.mtimeNs())),
            Optional.of(ClockHosts.datetime(a.ctimeNs()))
        };
    }

    /**
     * A {@code metadata-hash-value}: a 128-bit hash of the device and inode number only, as wasmtime
     * hashes only those two: the preview 1 adapter reports it as the inode number, which must not
     * change when a file is written. Two rounds of the SplitMix64 finalizer (a bijection on 64 bits,
     * so distinct inodes of one device never collide in {@code lower}).
     */
    private static Object[] metadataHash(Mount mount, FileAttributes a) {
        long lower = mix(a.ino() ^ mix(mount.dev()));
        return new Object[] {lower, mix(lower ^ 0x9E37_79B9_7F4A_7C15L)};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
