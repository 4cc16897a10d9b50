package io.tarbox.storage.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The C library calls that resolve names relative to a directory handle ({@code openat},
 * {@code statx}, {@code mkdirat}, ...), bound with JNA's direct mapping. Only Linux on x86-64 and
 * aarch64 is supported: the flag values below are those architectures' (aarch64 numbers
 * O_DIRECTORY and O_NOFOLLOW differently), errno values are the generic ones, and {@code statx}
 * has one layout on both. Everything else reports {@link #unavailable()}.
 *
 * <p>Paths cross as NUL-terminated UTF-8 byte arrays, never as Java strings, so the native
 * encoding of the JVM cannot change a name. A failed call throws the java.nio exception the JDK
 * would throw for the same errno ({@link #failure}), so callers map host errors in one way.
 */
final class Libc {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;

    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ELOOP = 40;

    /** {@code STATX_BASIC_STATS}: type, mode, nlink, uid, gid, times, ino, size, blocks. */
    static final int STATX_BASIC_STATS = 0x7ff;

    static final int STATX_SIZE = 256;

    /** {@code UTIME_OMIT}: leave this time as it is. */
    static final long UTIME_OMIT = (1L << 30) - 2;

    private static final String UNAVAILABLE;

    static {
        boolean aarch64 = "aarch64".equals(System.getProperty("os.arch"));
        O_DIRECTORY = aarch64 ? 040000 : 0200000;
        O_NOFOLLOW = aarch64 ? 0100000 : 0400000;
        UNAVAILABLE = load(aarch64);
    }

    private Libc() {}

    private static String load(boolean aarch64) {
        if (!Platform.isLinux()) {
            return "host directories need Linux (this is " + System.getProperty("os.name") + ")";
        }
        if (!aarch64 && !Platform.isIntel() || !Platform.is64Bit()) {
            return "host directories need Linux on x86-64 or aarch64 (this is " + System.getProperty("os.arch") + ")";
        }
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return "host directories need /proc mounted (to change modes and times through a held handle)";
        }
        try {
            Native.register(Libc.class, Platform.C_LIBRARY_NAME);
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, or JNA's own library missing for this platform
            return "host directories need the C library calls openat and statx, which could not be loaded: "
                    + e.getMessage();
        }
    }

    /** Why the calls cannot be used here, or null when they can. */
    static String unavailable() {
        return UNAVAILABLE;
    }

    /** {@code path} as a NUL-terminated UTF-8 string for C. */
    static byte[] c(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, z, 0, utf8.length);
        return z;
    }

    /**
     * The java.nio exception for a failed call on {@code file}, as the JDK chooses it (so
     * {@code NoSuchFileException} for ENOENT, {@code FileSystemException} with the system's text
     * otherwise).
     */
    static IOException failure(String file, LastErrorException e) {
        return failure(file, e.getErrorCode());
    }

    static IOException failure(String file, int errno) {
        switch (errno) {
            case ENOENT:
                return new NoSuchFileException(file);
            case EEXIST:
                return new FileAlreadyExistsException(file);
            case 13: // EACCES
                return new AccessDeniedException(file);
            case 39: // ENOTEMPTY
                return new DirectoryNotEmptyException(file);
            case ENOTDIR:
                return new NotDirectoryException(file);
            case ELOOP:
                return new FileSystemLoopException(file);
            default:
                return new HostCallException(file, errno, reason(errno));
        }
    }

    private static String reason(int errno) {
        try {
            String text = strerror(errno);
            return text == null ? "error " + errno : text;
        } catch (Throwable e) {
            return "error " + errno;
        }
    }

    // --- the calls (direct mapping: each is a native method bound to the C library) -------------

    static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx) throws LastErrorException;

    static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

    static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath) throws LastErrorException;

    static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
            throws LastErrorException;

    static native int symlinkat(byte[] target, int newdirfd, byte[] linkpath) throws LastErrorException;

    static native long readlinkat(int dirfd, byte[] path, byte[] buf, long size) throws LastErrorException;

    /** {@code times}: atime seconds, atime nanoseconds, mtime seconds, mtime nanoseconds. */
    static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    static native int futimens(int fd, long[] times) throws LastErrorException;

    static native int fchmodat(int dirfd, byte[] path, int mode, int flags) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    static native long pread(int fd, byte[] buf, long count, long offset) throws LastErrorException;

    static native long pwrite(int fd, byte[] buf, long count, long offset) throws LastErrorException;

    static native int ftruncate(int fd, long length) throws LastErrorException;

    static native int fsync(int fd) throws LastErrorException;

    static native Pointer fdopendir(int fd) throws LastErrorException;

    static native Pointer readdir(Pointer dir);

    static native int closedir(Pointer dir);

    static native String strerror(int errnum);
}
