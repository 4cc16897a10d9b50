package io.tarbox.storage.host;

import static io.tarbox.storage.host.Libc.c;
import static io.tarbox.storage.host.Libc.failure;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A held handle on a host directory (an {@code O_PATH} file descriptor), and the operations on
 * single names inside it, in the manner of cap-std: each call resolves exactly one name relative
 * to the handle ({@code openat}, {@code statx}, {@code mkdirat}, ... with {@code O_NOFOLLOW} /
 * {@code AT_SYMLINK_NOFOLLOW}), never a path, and never follows a symlink. A name holding '/' or
 * equal to "." or ".." is refused, so no call reaches anything but an entry of this directory.
 *
 * <p>Whoever renames or replaces entries meanwhile cannot redirect a call elsewhere: a directory
 * opened from here is the one that was there at that instant (a symlink put in its place fails to
 * open as a directory), and a held handle keeps naming its directory wherever it is moved, like an
 * open descriptor. Changing the mode or times of the directory itself goes through
 * {@code /proc/self/fd}, which names exactly the held inode.
 *
 * <p>Linux only ({@link #unavailable()} says why not elsewhere). Not thread-safe beyond what the
 * kernel gives: callers synchronise. Failures are the java.nio exceptions the JDK throws for the
 * same errors ({@code NoSuchFileException}, {@code FileAlreadyExistsException}, ...).
 */
public final class HostDirectory implements AutoCloseable {
    private static final int DIRECTORY_FLAGS = Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC;
    private static final int SYMLINK_MAX = 4096;

    private final int fd;
    /** What this handle is, for error messages (a host path, or a name below another handle). */
    private final String label;

    private boolean closed;

    private HostDirectory(int fd, String label) {
        this.fd = fd;
        this.label = label;
    }

    /**
     * Why held directory handles cannot be used on this platform (not Linux on x86-64 or aarch64,
     * /proc not mounted, or the native calls cannot be loaded), or null when they can.
     */
    public static String unavailable() {
        return Libc.unavailable();
    }

    /**
     * Opens a directory the user named on the host. Symlinks in {@code dir} itself are followed
     * (the user chose the path); nothing below it ever is.
     *
     * @throws UnsupportedOperationException where {@link #unavailable()} is not null
     */
    public static HostDirectory open(Path dir) throws IOException {
        String unavailable = unavailable();
        if (unavailable != null) {
            throw new UnsupportedOperationException(unavailable);
        }
        String path = dir.toAbsolutePath().toString();
        try {
            return new HostDirectory(Libc.openat(Libc.AT_FDCWD, c(path), DIRECTORY_FLAGS, 0), path);
        } catch (LastErrorException e) {
            throw failure(path, e);
        }
    }

    /** The directory's own attributes. */
    public HostStat stat() throws IOException {
        byte[] buf = new byte[Libc.STATX_SIZE];
        try {
            Libc.statx(fd(), new byte[1], Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            throw failure(label, e);
        }
        return HostStat.of(buf);
    }

    /** The attributes of entry {@code name} (a symlink's own). */
    public HostStat stat(String name) throws IOException {
        byte[] buf = new byte[Libc.STATX_SIZE];
        try {
            Libc.statx(fd(), entry(name), Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
        return HostStat.of(buf);
    }

    /** The attributes of entry {@code name}, or null when there is none (or it is not reachable). */
    public HostStat statOrNull(String name) throws IOException {
        byte[] buf = new byte[Libc.STATX_SIZE];
        try {
            Libc.statx(fd(), entry(name), Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.ENOENT || e.getErrorCode() == Libc.ENOTDIR) {
                return null;
            }
            throw failure(path(name), e);
        }
        return HostStat.of(buf);
    }

    /**
     * Opens subdirectory {@code name}. A symlink there fails (NotDirectoryException), so a name
     * swapped for a symlink between a check and this call leads nowhere.
     */
    public HostDirectory openDirectory(String name) throws IOException {
        try {
            return new HostDirectory(Libc.openat(fd(), entry(name), DIRECTORY_FLAGS | Libc.O_NOFOLLOW, 0), path(name));
        } catch (LastErrorException e) {
            throw failure(path(name), e.getErrorCode() == Libc.ELOOP ? Libc.ENOTDIR : e.getErrorCode());
        }
    }

    /**
     * Opens subdirectory {@code name} and checks that it is {@code expected} (same device and inode);
     * NoSuchFileException when something else is there now.
     */
    public HostDirectory openDirectory(String name, HostStat expected) throws IOException {
        HostDirectory dir = openDirectory(name);
        boolean same = false;
        try {
            same = dir.stat().sameFile(expected);
        } finally {
            if (!same) {
                dir.close();
            }
        }
        if (!same) {
            throw new java.nio.file.NoSuchFileException(path(name), null, "replaced while it was being opened");
        }
        return dir;
    }

    /** Creates subdirectory {@code name} (EEXIST if the name is taken, whatever it is). */
    public void makeDirectory(String name, int mode) throws IOException {
        try {
            Libc.mkdirat(fd(), entry(name), mode & 07777);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /**
     * Opens regular file {@code name} for reading, or reading and writing. A symlink there fails
     * (FileSystemLoopException) and so does anything but a regular file (a FIFO is not waited on).
     */
    public HostFile openFile(String name, boolean writable) throws IOException {
        int flags = (writable ? Libc.O_RDWR : Libc.O_RDONLY)
                | Libc.O_NOFOLLOW
                | Libc.O_NONBLOCK
                | Libc.O_NOCTTY
                | Libc.O_CLOEXEC;
        HostFile file;
        try {
            file = new HostFile(Libc.openat(fd(), entry(name), flags, 0), path(name), writable);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
        return file.requireRegular();
    }

    /**
     * Creates regular file {@code name}, open for reading and writing; fails if the name exists in
     * any form (FileAlreadyExistsException, also for a symlink, which is never followed).
     */
    public HostFile createFile(String name, int mode) throws IOException {
        int flags = Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_NOCTTY | Libc.O_CLOEXEC;
        try {
            return new HostFile(Libc.openat(fd(), entry(name), flags, mode & 07777), path(name), true);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /** Creates symlink {@code name} holding {@code target} byte for byte (as UTF-8). */
    public void symlink(String name, String target) throws IOException {
        try {
            Libc.symlinkat(c(target), fd(), entry(name));
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /** The target of symlink {@code name} (EINVAL as a FileSystemException when it is not one). */
    public String readlink(String name) throws IOException {
        byte[] buf = new byte[SYMLINK_MAX + 1];
        long n;
        try {
            n = Libc.readlinkat(fd(), entry(name), buf, buf.length);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
        return new String(buf, 0, (int) Math.min(n, SYMLINK_MAX), StandardCharsets.UTF_8);
    }

    /** Removes non-directory {@code name} (a symlink itself, never its target). */
    public void unlink(String name) throws IOException {
        try {
            Libc.unlinkat(fd(), entry(name), 0);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /** Removes empty directory {@code name}. */
    public void removeDirectory(String name) throws IOException {
        try {
            Libc.unlinkat(fd(), entry(name), Libc.AT_REMOVEDIR);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /** Renames entry {@code name} to {@code toName} in {@code to}, replacing as rename(2) does. */
    public void rename(String name, HostDirectory to, String toName) throws IOException {
        try {
            Libc.renameat(fd(), entry(name), to.fd(), entry(toName));
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /** Makes {@code toName} in {@code to} a hard link to entry {@code name} (a symlink itself, not followed). */
    public void link(String name, HostDirectory to, String toName) throws IOException {
        try {
            Libc.linkat(fd(), entry(name), to.fd(), entry(toName), 0);
        } catch (LastErrorException e) {
            throw failure(to.path(toName), e);
        }
    }

    /**
     * Sets the times of entry {@code name} itself (a symlink's own, never its target's); a null
     * time is left as it is.
     */
    public void setTimes(String name, Long atimeNs, Long mtimeNs) throws IOException {
        try {
            Libc.utimensat(fd(), entry(name), times(atimeNs, mtimeNs), Libc.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
    }

    /** Sets this directory's own times; a null time is left as it is. */
    public void setTimes(Long atimeNs, Long mtimeNs) throws IOException {
        try {
            Libc.utimensat(Libc.AT_FDCWD, c(procPath()), times(atimeNs, mtimeNs), 0);
        } catch (LastErrorException e) {
            throw failure(label, e);
        }
    }

    /**
     * Sets the permission bits of entry {@code name}, which must not be a symlink (Linux cannot
     * change a symlink's mode): the entry is pinned with an O_PATH handle and changed through it, so
     * nothing else can be changed instead. Does nothing for a symlink.
     */
    public void setMode(String name, int mode) throws IOException {
        int pinned;
        try {
            pinned = Libc.openat(fd(), entry(name), Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure(path(name), e);
        }
        try (HostDirectory entry = new HostDirectory(pinned, path(name))) {
            if (!entry.stat().isSymlink()) {
                entry.setMode(mode);
            }
        }
    }

    /** Sets this directory's own permission bits. */
    public void setMode(int mode) throws IOException {
        try {
            Libc.fchmodat(Libc.AT_FDCWD, c(procPath()), mode & 07777, 0);
        } catch (LastErrorException e) {
            throw failure(label, e);
        }
    }

    /** The names of the entries (without "." and ".."), in the order the host lists them. */
    public List<String> list() throws IOException {
        int readable;
        try {
            readable = Libc.openat(fd(), c("."), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure(label, e);
        }
        Pointer stream;
        try {
            stream = Libc.fdopendir(readable);
        } catch (LastErrorException e) {
            Libc.close(readable);
            throw failure(label, e);
        }
        List<String> names = new ArrayList<>();
        try {
            Pointer entry;
            while ((entry = Libc.readdir(stream)) != null) {
                // struct dirent: d_ino (8), d_off (8), d_reclen (2), d_type (1), then d_name
                String name = utf8z(entry, 19);
                if (!name.equals(".") && !name.equals("..")) {
                    names.add(name);
                }
            }
        } finally {
            Libc.closedir(stream); // closes the descriptor too
        }
        return names;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                Libc.close(fd);
            } catch (LastErrorException e) {
                // nothing was buffered on a directory handle
            }
        }
    }

    @Override
    public String toString() {
        return label;
    }

    private int fd() throws IOException {
        if (closed) {
            throw new java.nio.file.ClosedDirectoryStreamException();
        }
        return fd;
    }

    /** Entry {@code name}'s host path, as far as this handle knows it (for messages only). */
    private String path(String name) {
        return label + "/" + name;
    }

    /** The path under which the kernel names exactly this handle's inode. */
    private String procPath() throws IOException {
        return "/proc/self/fd/" + fd();
    }

    /** One name, as C wants it; a name that is not a single component is refused. */
    private static byte[] entry(String name) throws IOException {
        if (name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw failure(name, Libc.EINVAL);
        }
        return c(name);
    }

    static long[] times(Long atimeNs, Long mtimeNs) {
        return new long[] {
            atimeNs == null ? 0 : Math.floorDiv(atimeNs, 1_000_000_000L),
            atimeNs == null ? Libc.UTIME_OMIT : Math.floorMod(atimeNs, 1_000_000_000L),
            mtimeNs == null ? 0 : Math.floorDiv(mtimeNs, 1_000_000_000L),
            mtimeNs == null ? Libc.UTIME_OMIT : Math.floorMod(mtimeNs, 1_000_000_000L),
        };
    }

    private static String utf8z(Pointer p, long offset) {
        int length = 0;
        while (p.getByte(offset + length) != 0) {
            length++;
        }
        return new String(p.getByteArray(offset, length), StandardCharsets.UTF_8);
    }
}
