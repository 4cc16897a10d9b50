package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.none;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiFunction.results;
import static io.tarbox.wasi.host.WasiType.FD;
import static io.tarbox.wasi.host.WasiType.FDFLAGS;
import static io.tarbox.wasi.host.WasiType.FILESTAT;
import static io.tarbox.wasi.host.WasiType.FSTFLAGS;
import static io.tarbox.wasi.host.WasiType.LOOKUPFLAGS;
import static io.tarbox.wasi.host.WasiType.OFLAGS;
import static io.tarbox.wasi.host.WasiType.POINTER;
import static io.tarbox.wasi.host.WasiType.RIGHTS;
import static io.tarbox.wasi.host.WasiType.SIZE;
import static io.tarbox.wasi.host.WasiType.STRING;
import static io.tarbox.wasi.host.WasiType.TIMESTAMP;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Resolved;
import io.tarbox.wasi.host.WasiFunction.Call;
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

    List<WasiFunction> functions() {
        return List.of(
                declare(
                        "path_create_directory",
                        params(FD.named("fd"), STRING.named("path")),
                        none(),
                        this::createDirectory),
                declare(
                        "path_filestat_get",
                        params(FD.named("fd"), LOOKUPFLAGS.named("flags"), STRING.named("path")),
                        results(FILESTAT.named("buf")),
                        this::filestatGet),
                declare(
                        "path_filestat_set_times",
                        params(
                                FD.named("fd"),
                                LOOKUPFLAGS.named("flags"),
                                STRING.named("path"),
                                TIMESTAMP.named("atim"),
                                TIMESTAMP.named("mtim"),
                                FSTFLAGS.named("fst_flags")),
                        none(),
                        this::filestatSetTimes),
                declare(
                        "path_link",
                        params(
                                FD.named("old_fd"),
                                LOOKUPFLAGS.named("old_flags"),
                                STRING.named("old_path"),
                                FD.named("new_fd"),
                                STRING.named("new_path")),
                        none(),
                        this::link),
                declare(
                        "path_open",
                        params(
                                FD.named("fd"),
                                LOOKUPFLAGS.named("dirflags"),
                                STRING.named("path"),
                                OFLAGS.named("oflags"),
                                RIGHTS.named("fs_rights_base"),
                                RIGHTS.named("fs_rights_inheriting"),
                                FDFLAGS.named("fdflags")),
                        results(FD.named("opened_fd")),
                        this::open),
                declare(
                        "path_readlink",
                        params(FD.named("fd"), STRING.named("path"), POINTER.named("buf"), SIZE.named("buf_len")),
                        results(SIZE.named("bufused")),
                        this::readlink),
                declare(
                        "path_remove_directory",
                        params(FD.named("fd"), STRING.named("path")),
                        none(),
                        this::removeDirectory),
                declare(
                        "path_rename",
                        params(FD.named("fd"), STRING.named("old_path"), FD.named("new_fd"), STRING.named("new_path")),
                        none(),
                        this::rename),
                declare(
                        "path_symlink",
                        params(STRING.named("old_path"), FD.named("fd"), STRING.named("new_path")),
                        none(),
                        this::symlink),
                declare("path_unlink_file", params(FD.named("fd"), STRING.named("path")), none(), this::unlinkFile));
    }

    private Resolved resolve(DirectoryDescriptor dir, String path, boolean follow) {
        Resolved resolved =
                new PathResolver(dir.mount.fs, dir.ino, PathResolver.Confinement.CONFINED).resolve(path, follow);
        if (context.audit != null) {
            context.audit.resolved(dir, resolved); // the object a recorded call changes
        }
        return resolved;
    }

    private static boolean follow(int lookupFlags) {
        return Flags.set(lookupFlags, Flags.LOOKUP_SYMLINK_FOLLOW);
    }

    /** Unknown lookupflags bits are EINVAL, as wasmtime's generated bindings check every flag set. */
    private static void checkLookup(int lookupFlags) {
        if ((lookupFlags & ~Flags.LOOKUP_SYMLINK_FOLLOW) != 0) {
            throw WasiError.of(Errno.INVAL);
        }
    }

    private static WasiError fail(int errno) {
        return WasiError.of(errno);
    }

    private void createDirectory(Call c) {
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.PATH_CREATE_DIRECTORY);
        Resolved target = resolve(dir, c.string(1), false);
        if (target.exists() || target.name() == null) {
            throw fail(Errno.EXIST);
        }
        dir.mount.requireWritable();
        dir.mount.fs.mkdir(target.dir(), target.name(), DIRECTORY_MODE);
    }

    private void filestatGet(Call c) {
        int lookupFlags = c.i32(1);
        checkLookup(lookupFlags);
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.PATH_FILESTAT_GET);
        String path = c.string(2);
        dir.mount.fs.refresh(); // see what other processes committed before this call
        FileAttributes attributes = resolve(dir, path, follow(lookupFlags)).existing();
        FileStats.write(c.memory(), c.out(0), dir.mount.dev, attributes);
    }

    private void filestatSetTimes(Call c) {
        int lookupFlags = c.i32(1);
        checkLookup(lookupFlags);
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.PATH_FILESTAT_SET_TIMES);
        String path = c.string(2);
        SetAttributes changes = SetTimes.of(c.i64(3), c.i64(4), c.i32(5), context.clocks);
        if (changes == null) {
            throw fail(Errno.INVAL);
        }
        FileAttributes attributes = resolve(dir, path, follow(lookupFlags)).existing();
        dir.mount.requireWritable();
        dir.mount.fs.setattr(attributes.ino(), changes);
    }

    private void link(Call c) {
        int oldFlags = c.i32(1);
        checkLookup(oldFlags);
        // both descriptors are checked before either path, as wasmtime
        DirectoryDescriptor from = fds.directory(c.i32(0), Rights.PATH_LINK_SOURCE);
        DirectoryDescriptor to = fds.directory(c.i32(3), Rights.PATH_LINK_TARGET);
        String oldPath = c.string(2);
        String newPath = c.string(4);
        if (follow(oldFlags)) {
            throw fail(Errno.INVAL); // wasmtime never follows a symlink for path_link
        }
        FileAttributes source = resolve(from, oldPath, false).existing();
        Resolved target = resolve(to, newPath, false);
        if (target.exists() || target.name() == null) {
            throw fail(Errno.EXIST);
        }
        if (target.trailingSlash()) {
            throw fail(Errno.NOENT); // a new name ending in '/' would have to be a directory, as Linux
        }
        if (from.mount.fs != to.mount.fs) {
            throw fail(Errno.XDEV);
        }
        to.mount.requireWritable();
        to.mount.fs.link(source.ino(), target.dir(), target.name());
    }

    /**
     * Opens (and with O_CREAT creates) a file or directory, as openat(2) as wasmtime runs it:
     * O_DIRECTORY with O_CREAT, O_EXCL or O_TRUNC is EINVAL; O_EXCL never follows a final symlink;
     * a final symlink not followed is ELOOP (ENOTDIR with O_DIRECTORY), as Linux O_NOFOLLOW; a
     * directory opened with FD_WRITE or O_TRUNC is EISDIR; O_CREAT on a name ending in '/' is EISDIR.
     * The new descriptor's rights are the requested ones within the directory's inheriting rights.
     */
    private void open(Call c) {
        int fd = c.i32(0);
        int lookupFlags = c.i32(1);
        int oflags = c.i32(3);
        long rightsBase = c.i64(4);
        long rightsInheriting = c.i64(5);
        int fdflags = c.i32(6);
        checkLookup(lookupFlags);
        if (fds.get(fd) instanceof FileDescriptor) {
            throw fail(Errno.NOTDIR);
        }
        DirectoryDescriptor dir = fds.directory(fd, Rights.PATH_OPEN);
        if (fds.full()) {
            throw fail(Errno.MFILE); // checked before anything is created, as Linux open(2)
        }
        String path = c.string(2);
        boolean create = Flags.set(oflags, Flags.O_CREAT);
        boolean exclusive = Flags.set(oflags, Flags.O_EXCL);
        boolean truncate = Flags.set(oflags, Flags.O_TRUNC);
        boolean directoryOnly = Flags.set(oflags, Flags.O_DIRECTORY);
        if ((oflags & ~0xF) != 0
                || (fdflags & ~Flags.FD_ALL) != 0
                || (rightsBase & ~Rights.ALL) != 0
                || (rightsInheriting & ~Rights.ALL) != 0
                || (directoryOnly && (create || exclusive || truncate))) {
            throw fail(Errno.INVAL);
        }
        if (create) {
            FdTable.require(dir, Rights.PATH_CREATE_FILE);
        }
        if (truncate) {
            FdTable.require(dir, Rights.PATH_FILESTAT_SET_SIZE);
        }
        boolean writeIntent = (rightsBase & Rights.WRITE_INTENT) != 0;
        FilesystemInterface fs = dir.mount.fs;
        fs.refresh(); // see what other processes committed before this call

        Resolved target = resolve(dir, path, follow(lookupFlags) && !(create && exclusive));
        FileAttributes attributes = target.attributes();
        if (attributes == null) {
            if (!create) {
                throw fail(Errno.NOENT);
            }
            if (target.trailingSlash()) {
                throw fail(Errno.ISDIR);
            }
            dir.mount.requireWritable();
            attributes = fs.create(target.dir(), target.name(), FILE_MODE, exclusive);
        } else if (create && exclusive) {
            throw fail(Errno.EXIST);
        }

        if (attributes.isSymlink()) {
            throw fail(directoryOnly ? Errno.NOTDIR : Errno.LOOP);
        }
        long inheritable = dir.rightsInheriting;
        Descriptor opened;
        if (attributes.isDirectory()) {
            if (writeIntent || truncate) {
                throw fail(Errno.ISDIR);
            }
            opened = new DirectoryDescriptor(
                    dir.mount,
                    attributes.ino(),
                    rightsBase & inheritable & Rights.DIRECTORY,
                    rightsInheriting & inheritable,
                    null);
        } else {
            if (directoryOnly) {
                throw fail(Errno.NOTDIR);
            }
            if (writeIntent || truncate) {
                dir.mount.requireWritable();
            }
            if (truncate && attributes.size() > 0) {
                fs.truncate(attributes.ino(), 0);
            }
            opened = new FileDescriptor(
                    dir.mount,
                    attributes.ino(),
                    rightsBase & inheritable & Rights.FILE,
                    rightsInheriting & inheritable & Rights.FILE,
                    fdflags);
        }
        c.memory().writeI32(c.out(0), fds.add(opened));
    }

    private void readlink(Call c) {
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.PATH_READLINK);
        FileAttributes attributes = resolve(dir, c.string(1), false).existing();
        if (!attributes.isSymlink()) {
            throw fail(Errno.INVAL);
        }
        byte[] target = dir.mount.fs.readlink(attributes.ino()).getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, Integer.toUnsignedLong(c.i32(3)));
        c.memory().write(c.i32(2), target, 0, n);
        c.memory().writeI32(c.out(0), n);
    }

    private void removeDirectory(Call c) {
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.PATH_REMOVE_DIRECTORY);
        Resolved target = resolve(dir, c.string(1), false);
        if (target.name() == null) {
            throw fail(Errno.INVAL); // rmdir(".") as Linux
        }
        target.existing();
        dir.mount.requireWritable();
        dir.mount.fs.rmdir(target.dir(), target.name());
    }

    private void rename(Call c) {
        // both descriptors are checked before either path, as wasmtime
        DirectoryDescriptor from = fds.directory(c.i32(0), Rights.PATH_RENAME_SOURCE);
        DirectoryDescriptor to = fds.directory(c.i32(2), Rights.PATH_RENAME_TARGET);
        String oldPath = c.string(1);
        String newPath = c.string(3);
        Resolved source = resolve(from, oldPath, false);
        Resolved target = resolve(to, newPath, false);
        if (source.name() == null || target.name() == null) {
            throw fail(Errno.INVAL);
        }
        FileAttributes moved = source.existing();
        if (target.trailingSlash() && !moved.isDirectory()) {
            throw fail(Errno.NOTDIR);
        }
        if (from.mount.fs != to.mount.fs) {
            throw fail(Errno.XDEV);
        }
        from.mount.requireWritable();
        to.mount.requireWritable();
        long replaced = target.exists() ? target.existing().ino() : -1;
        from.mount.fs.rename(source.dir(), source.name(), target.dir(), target.name());
        if (replaced >= 0 && replaced != moved.ino()) {
            to.mount.fs.forget(replaced); // freed unless a descriptor holds it
        }
    }

    /**
     * Creates a symlink. An absolute target is refused with EPERM, as wasmtime (cap-std) does, so a
     * sandboxed program cannot plant a link that a program outside the sandbox would follow.
     */
    private void symlink(Call c) {
        DirectoryDescriptor dir = fds.directory(c.i32(1), Rights.PATH_SYMLINK);
        String newPath = c.string(2);
        String linkTarget = c.string(0);
        if (linkTarget.startsWith("/")) {
            throw fail(Errno.PERM);
        }
        Resolved target = resolve(dir, newPath, false);
        if (target.exists() || target.name() == null) {
            throw fail(Errno.EXIST);
        }
        if (target.trailingSlash()) {
            throw fail(Errno.NOENT); // as Linux symlink(2) with a new name ending in '/'
        }
        dir.mount.requireWritable();
        dir.mount.fs.symlink(target.dir(), target.name(), linkTarget);
    }

    private void unlinkFile(Call c) {
        DirectoryDescriptor dir = fds.directory(c.i32(0), Rights.PATH_UNLINK_FILE);
        Resolved target = resolve(dir, c.string(1), false);
        if (target.name() == null) {
            throw fail(Errno.ISDIR); // unlink(".") as Linux
        }
        long removed = target.existing().ino();
        dir.mount.requireWritable();
        dir.mount.fs.unlink(target.dir(), target.name());
        dir.mount.fs.forget(removed);
    }
}
