package io.tarbox.core.fs;

/**
 * What {@code getattr} reports about an inode.
 *
 * @param ino inode number, unique within one tenant's tree (or one host preopen)
 * @param type the inode's type
 * @param mode permission bits only (e.g. {@code 0644}); the type is in {@code type}
 * @param nlink number of directory entries naming this inode (directories: 2 + subdirectories)
 * @param size length in bytes (symlinks: length of the target)
 * @param atimeNs last access, nanoseconds since the epoch
 * @param mtimeNs last data modification, nanoseconds since the epoch
 * @param ctimeNs last metadata change, nanoseconds since the epoch
 */
public record FileAttributes(
        long ino, FileType type, int mode, long nlink, long size, long atimeNs, long mtimeNs, long ctimeNs) {

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    public boolean isRegular() {
        return type == FileType.REGULAR;
    }

    public boolean isSymlink() {
        return type == FileType.SYMLINK;
    }
}
