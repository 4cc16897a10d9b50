package io.tarbox.storage.host;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What {@code statx(2)} says about one host file, without following a symlink.
 *
 * @param dev the device (major and minor) holding it: with {@code ino}, the file's identity
 * @param mode type and permission bits, as in {@code st_mode}
 */
public record HostStat(long dev, long ino, int mode, long nlink, long size, long atimeNs, long mtimeNs, long ctimeNs) {
    /** Decodes a {@code struct statx} (one layout on every Linux architecture). */
    static HostStat of(byte[] statx) {
        ByteBuffer b = ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder());
        long dev = ((long) b.getInt(136) << 32) | (b.getInt(140) & 0xffffffffL);
        return new HostStat(
                dev,
                b.getLong(32),
                b.getShort(28) & 0xffff,
                b.getInt(16) & 0xffffffffL,
                b.getLong(40),
                time(b, 64),
                time(b, 112),
                time(b, 96));
    }

    private static long time(ByteBuffer b, int at) {
        return b.getLong(at) * 1_000_000_000L + (b.getInt(at + 8) & 0xffffffffL);
    }

    public FileType type() {
        switch (mode & 0170000) {
            case 0100000:
                return FileType.REGULAR;
            case 0040000:
                return FileType.DIRECTORY;
            case 0120000:
                return FileType.SYMLINK;
            case 0020000:
                return FileType.CHARACTER_DEVICE;
            case 0060000:
                return FileType.BLOCK_DEVICE;
            case 0010000:
                return FileType.FIFO;
            case 0140000:
                return FileType.SOCKET;
            default:
                return FileType.UNKNOWN;
        }
    }

    public boolean isDirectory() {
        return type() == FileType.DIRECTORY;
    }

    public boolean isRegular() {
        return type() == FileType.REGULAR;
    }

    public boolean isSymlink() {
        return type() == FileType.SYMLINK;
    }

    /** Whether {@code other} is the same file (same device and inode). */
    public boolean sameFile(HostStat other) {
        return dev == other.dev && ino == other.ino;
    }

    /** The contract's attributes (permission bits only). */
    public FileAttributes attributes() {
        return new FileAttributes(ino, type(), mode & 07777, nlink, size, atimeNs, mtimeNs, ctimeNs);
    }
}
