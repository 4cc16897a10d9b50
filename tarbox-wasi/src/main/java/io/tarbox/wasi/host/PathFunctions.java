package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Resolved;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every path_* function. Each resolves its path with a CONFINED
 * {@link io.tarbox.core.path.PathResolver} rooted at the directory descriptor's own inode: as in
 * wasmtime (cap-std), every directory descriptor is a sandbox root, so no path (absolute, "..", or
 * through a symlink) can leave it, let alone the preopen; such a path fails with EPERM.
 */
final class PathFunctions {
    private static final int FILE_MODE = 0644;
    private static final int DIRECTORY_MODE = 0755;

    private final WasiContext context;
    private final FdTable fds;

    PathFunctions(WasiContext context) {
        this.context = context;
        this.fds = context.fds;
    }

    List<HostFunction> functions() {
        return List.of(
                WasiFunction.of("path_create_directory", "iii",
                        (m, a) -> createDirectory(m, (int) a[0], (int) a[1], (int) a[2])),
                WasiFunction.of("path_filestat_get", "iiiii",
                        (m, a) -> filestatGet(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4])),
                WasiFunction.of("path_filestat_set_times", "iiiiIIi",
                        (m, a) -> filestatSetTimes(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], a[4], a[5],
                                (int) a[6])),
                WasiFunction.of("path_link", "iiiiiii",
                        (m, a) -> link(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5],
                                (int) a[6])),
                WasiFunction.of("path_open", "iiiiiIIii",
                        (m, a) -> open(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], a[5], a[6],
                                (int) a[7], (int) a[8])),
                WasiFunction.of("path_readlink", "iiiiii",
                        (m, a) -> readlink(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5])),
                WasiFunction.of("path_remove_directory", "iii",
                        (m, a) -> removeDirectory(m, (int) a[0], (int) a[1], (int) a[2])),
                WasiFunction.of("path_rename", "iiiiii",
                        (m, a) -> rename(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5])),
                WasiFunction.of("path_symlink", "iiiii",
                        (m, a) -> symlink(m, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4])),
                WasiFunction.of("path_unlink_file", "iii",
                        (m, a) -> unlinkFile(m, (int) a[0], (int) a[1], (int) a[2])));
    }

    /** Zero when {@code fd} is a directory holding {@code right}; EBADF or ENOTCAPABLE otherwise. */
    private int checkDirectory(int fd, long right) {
        return fds.check(fd, DirectoryDescriptor.class, right);
    }

    /**
     * A path argument: the directory descriptor it is relative to and the path, or the errno that
     * stops the call first (EBADF or ENOTCAPABLE for the descriptor, EILSEQ for a path that is not
     * UTF-8), in the order wasmtime checks them.
     */
    private record PathArgument(DirectoryDescriptor dir, String path, int errno) {}

    private PathArgument pathArgument(Memory memory, int fd, long right, int pathPtr, int pathLen) {
        int errno = checkDirectory(fd, right);
        if (errno != Errno.SUCCESS) {
            return new PathArgument(null, null, errno);
        }
        String path = GuestStrings.read(memory, pathPtr, pathLen);
        if (path == null) {
            return new PathArgument(null, null, Errno.ILSEQ);
        }
        return new PathArgument(directory(fd), path, Errno.SUCCESS);
    }

    /** The two directories and paths of path_link and path_rename, or the errno that refuses them. */
    private record TwoPaths(DirectoryDescriptor from, String oldPath, DirectoryDescriptor to, String newPath, int errno) {}

    private TwoPaths twoPaths(Memory memory, int oldFd, long oldRight, int oldPtr, int oldLen, int newFd,
            long newRight, int newPtr, int newLen) {
        int errno = checkDirectory(oldFd, oldRight); // both descriptors are checked before either path
        if (errno == Errno.SUCCESS) {
            errno = checkDirectory(newFd, newRight);
        }
        if (errno != Errno.SUCCESS) {
            return new TwoPaths(null, null, null, null, errno);
        }
        String oldPath = GuestStrings.read(memory, oldPtr, oldLen);
        String newPath = GuestStrings.read(memory, newPtr, newLen);
        if (oldPath == null || newPath == null) {
            return new TwoPaths(null, null, null, null, Errno.ILSEQ);
        }
        return new TwoPaths(directory(oldFd), oldPath, directory(newFd), newPath, Errno.SUCCESS);
    }

    private DirectoryDescriptor directory(int fd) {
        return (DirectoryDescriptor) fds.get(fd);
    }

    private Resolved resolve(DirectoryDescriptor dir, String path, boolean follow) {
        Resolved resolved = new PathResolver(dir.mount.fs, dir.ino, PathResolver.Confinement.CONFINED).resolve(path, follow);
        if (context.audit != null) {
            context.audit.resolved(dir, resolved); // the object a recorded call changes
        }
        return resolved;
    }

    private static boolean follow(int lookupFlags) {
        return Flags.set(lookupFlags, Flags.LOOKUP_SYMLINK_FOLLOW);
    }

    /** Unknown lookupflags bits are EINVAL, as wasmtime's generated bindings check every flag set. */
    private static boolean validLookup(int lookupFlags) {
        return (lookupFlags & ~Flags.LOOKUP_SYMLINK_FOLLOW) == 0;
    }

    private int createDirectory(Memory memory, int fd, int pathPtr, int pathLen) {
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_CREATE_DIRECTORY, pathPtr, pathLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String path = arg.path();
        Resolved target = resolve(dir, path, false);
        if (target.exists() || target.name() == null) {
            return Errno.EXIST;
        }
        dir.mount.requireWritable();
        dir.mount.fs.mkdir(target.dir(), target.name(), DIRECTORY_MODE);
        return Errno.SUCCESS;
    }

    private int filestatGet(Memory memory, int fd, int lookupFlags, int pathPtr, int pathLen, int buf) {
        if (!validLookup(lookupFlags)) {
            return Errno.INVAL;
        }
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_FILESTAT_GET, pathPtr, pathLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String path = arg.path();
        dir.mount.fs.refresh(); // see what other processes committed before this call
        FileAttributes attributes = resolve(dir, path, follow(lookupFlags)).existing();
        FileStats.write(memory, buf, dir.mount.dev, attributes);
        return Errno.SUCCESS;
    }

    private int filestatSetTimes(Memory memory, int fd, int lookupFlags, int pathPtr, int pathLen, long atim,
            long mtim, int fstFlags) {
        if (!validLookup(lookupFlags)) {
            return Errno.INVAL;
        }
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_FILESTAT_SET_TIMES, pathPtr, pathLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String path = arg.path();
        SetAttributes changes = SetTimes.of(atim, mtim, fstFlags, context.clocks);
        if (changes == null) {
            return Errno.INVAL;
        }
        FileAttributes attributes = resolve(dir, path, follow(lookupFlags)).existing();
        dir.mount.requireWritable();
        dir.mount.fs.setattr(attributes.ino(), changes);
        return Errno.SUCCESS;
    }

    private int link(Memory memory, int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr,
            int newLen) {
        if (!validLookup(oldFlags)) {
            return Errno.INVAL;
        }
        TwoPaths paths = twoPaths(memory, oldFd, Rights.PATH_LINK_SOURCE, oldPtr, oldLen,
                newFd, Rights.PATH_LINK_TARGET, newPtr, newLen);
        if (paths.errno() != Errno.SUCCESS) {
            return paths.errno();
        }
        DirectoryDescriptor from = paths.from();
        DirectoryDescriptor to = paths.to();
        String oldPath = paths.oldPath();
        String newPath = paths.newPath();
        if (follow(oldFlags)) {
            return Errno.INVAL; // wasmtime never follows a symlink for path_link
        }
        FileAttributes source = resolve(from, oldPath, false).existing();
        Resolved target = resolve(to, newPath, false);
        if (target.exists() || target.name() == null) {
            return Errno.EXIST;
        }
        if (target.trailingSlash()) {
            return Errno.NOENT; // a new name ending in '/' would have to be a directory, as Linux
        }
        if (from.mount.fs != to.mount.fs) {
            return Errno.XDEV;
        }
        to.mount.requireWritable();
        to.mount.fs.link(source.ino(), target.dir(), target.name());
        return Errno.SUCCESS;
    }

    /**
     * Opens (and with O_CREAT creates) a file or directory, as openat(2) as wasmtime runs it:
     * O_DIRECTORY with O_CREAT, O_EXCL or O_TRUNC is EINVAL; O_EXCL never follows a final symlink;
     * a final symlink not followed is ELOOP (ENOTDIR with O_DIRECTORY), as Linux O_NOFOLLOW; a
     * directory opened with FD_WRITE or O_TRUNC is EISDIR; O_CREAT on a name ending in '/' is EISDIR.
     * The new descriptor's rights are the requested ones within the directory's inheriting rights.
     */
    private int open(Memory memory, int fd, int lookupFlags, int pathPtr, int pathLen, int oflags, long rightsBase,
            long rightsInheriting, int fdflags, int fdPtr) {
        if (!validLookup(lookupFlags)) {
            return Errno.INVAL;
        }
        if (fds.get(fd) instanceof FileDescriptor) {
            return Errno.NOTDIR;
        }
        int errno = checkDirectory(fd, Rights.PATH_OPEN);
        if (errno != Errno.SUCCESS) {
            return errno;
        }
        if (fds.full()) {
            return Errno.MFILE; // checked before anything is created, as Linux open(2)
        }
        DirectoryDescriptor dir = directory(fd);
        String path = GuestStrings.read(memory, pathPtr, pathLen);
        if (path == null) {
            return Errno.ILSEQ;
        }
        boolean create = Flags.set(oflags, Flags.O_CREAT);
        boolean exclusive = Flags.set(oflags, Flags.O_EXCL);
        boolean truncate = Flags.set(oflags, Flags.O_TRUNC);
        boolean directoryOnly = Flags.set(oflags, Flags.O_DIRECTORY);
        if ((oflags & ~0xF) != 0 || (fdflags & ~Flags.FD_ALL) != 0 || (rightsBase & ~Rights.ALL) != 0
                || (rightsInheriting & ~Rights.ALL) != 0 || (directoryOnly && (create || exclusive || truncate))) {
            return Errno.INVAL;
        }
        if (create && (errno = FdTable.missing(dir, Rights.PATH_CREATE_FILE)) != Errno.SUCCESS) {
            return errno;
        }
        if (truncate && (errno = FdTable.missing(dir, Rights.PATH_FILESTAT_SET_SIZE)) != Errno.SUCCESS) {
            return errno;
        }
        boolean writeIntent = (rightsBase & Rights.WRITE_INTENT) != 0;
        FilesystemInterface fs = dir.mount.fs;
        fs.refresh(); // see what other processes committed before this call

        Resolved target = resolve(dir, path, follow(lookupFlags) && !(create && exclusive));
        FileAttributes attributes = target.attributes();
        if (attributes == null) {
            if (!create) {
                return Errno.NOENT;
            }
            if (target.trailingSlash()) {
                return Errno.ISDIR;
            }
            dir.mount.requireWritable();
            attributes = fs.create(target.dir(), target.name(), FILE_MODE, exclusive);
        } else if (create && exclusive) {
            return Errno.EXIST;
        }

        if (attributes.isSymlink()) {
            return directoryOnly ? Errno.NOTDIR : Errno.LOOP;
        }
        long inheritable = dir.rightsInheriting;
        Descriptor opened;
        if (attributes.isDirectory()) {
            if (writeIntent || truncate) {
                return Errno.ISDIR;
            }
            opened = new DirectoryDescriptor(dir.mount, attributes.ino(), rightsBase & inheritable & Rights.DIRECTORY,
                    rightsInheriting & inheritable, null);
        } else {
            if (directoryOnly) {
                return Errno.NOTDIR;
            }
            if (writeIntent || truncate) {
                dir.mount.requireWritable();
            }
            if (truncate && attributes.size() > 0) {
                fs.truncate(attributes.ino(), 0);
            }
            opened = new FileDescriptor(dir.mount, attributes.ino(), rightsBase & inheritable & Rights.FILE,
                    rightsInheriting & inheritable & Rights.FILE, fdflags);
        }
        memory.writeI32(fdPtr, fds.add(opened));
        return Errno.SUCCESS;
    }

    private int readlink(Memory memory, int fd, int pathPtr, int pathLen, int buf, int bufLen, int bufusedPtr) {
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_READLINK, pathPtr, pathLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String path = arg.path();
        FileAttributes attributes = resolve(dir, path, false).existing();
        if (!attributes.isSymlink()) {
            return Errno.INVAL;
        }
        byte[] target = dir.mount.fs.readlink(attributes.ino()).getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, Integer.toUnsignedLong(bufLen));
        memory.write(buf, target, 0, n);
        memory.writeI32(bufusedPtr, n);
        return Errno.SUCCESS;
    }

    private int removeDirectory(Memory memory, int fd, int pathPtr, int pathLen) {
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_REMOVE_DIRECTORY, pathPtr, pathLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String path = arg.path();
        Resolved target = resolve(dir, path, false);
        if (target.name() == null) {
            return Errno.INVAL; // rmdir(".") as Linux
        }
        target.existing();
        dir.mount.requireWritable();
        dir.mount.fs.rmdir(target.dir(), target.name());
        return Errno.SUCCESS;
    }

    private int rename(Memory memory, int oldFd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        TwoPaths paths = twoPaths(memory, oldFd, Rights.PATH_RENAME_SOURCE, oldPtr, oldLen,
                newFd, Rights.PATH_RENAME_TARGET, newPtr, newLen);
        if (paths.errno() != Errno.SUCCESS) {
            return paths.errno();
        }
        DirectoryDescriptor from = paths.from();
        DirectoryDescriptor to = paths.to();
        String oldPath = paths.oldPath();
        String newPath = paths.newPath();
        Resolved source = resolve(from, oldPath, false);
        Resolved target = resolve(to, newPath, false);
        if (source.name() == null || target.name() == null) {
            return Errno.INVAL;
        }
        FileAttributes moved = source.existing();
        if (target.trailingSlash() && !moved.isDirectory()) {
            return Errno.NOTDIR;
        }
        if (from.mount.fs != to.mount.fs) {
            return Errno.XDEV;
        }
        from.mount.requireWritable();
        to.mount.requireWritable();
        from.mount.fs.rename(source.dir(), source.name(), target.dir(), target.name());
        return Errno.SUCCESS;
    }

    /**
     * Creates a symlink. An absolute target is refused with EPERM, as wasmtime (cap-std) does, so a
     * sandboxed program cannot plant a link that a program outside the sandbox would follow.
     */
    private int symlink(Memory memory, int oldPtr, int oldLen, int fd, int newPtr, int newLen) {
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_SYMLINK, newPtr, newLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String newPath = arg.path();
        String linkTarget = GuestStrings.read(memory, oldPtr, oldLen);
        if (linkTarget == null) {
            return Errno.ILSEQ;
        }
        if (linkTarget.startsWith("/")) {
            return Errno.PERM;
        }
        Resolved target = resolve(dir, newPath, false);
        if (target.exists() || target.name() == null) {
            return Errno.EXIST;
        }
        if (target.trailingSlash()) {
            return Errno.NOENT; // as Linux symlink(2) with a new name ending in '/'
        }
        dir.mount.requireWritable();
        dir.mount.fs.symlink(target.dir(), target.name(), linkTarget);
        return Errno.SUCCESS;
    }

    private int unlinkFile(Memory memory, int fd, int pathPtr, int pathLen) {
        PathArgument arg = pathArgument(memory, fd, Rights.PATH_UNLINK_FILE, pathPtr, pathLen);
        if (arg.errno() != Errno.SUCCESS) {
            return arg.errno();
        }
        DirectoryDescriptor dir = arg.dir();
        String path = arg.path();
        Resolved target = resolve(dir, path, false);
        if (target.name() == null) {
            return Errno.ISDIR; // unlink(".") as Linux
        }
        target.existing();
        dir.mount.requireWritable();
        dir.mount.fs.unlink(target.dir(), target.name());
        return Errno.SUCCESS;
    }
}
