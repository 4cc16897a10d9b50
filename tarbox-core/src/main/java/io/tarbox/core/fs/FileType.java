package io.tarbox.core.fs;

/**
 * The type of an inode. The database backends store only the first three; the host passthrough may
 * also report the others.
 */
public enum FileType {
    REGULAR,
    DIRECTORY,
    SYMLINK,
    CHARACTER_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    SOCKET,
    UNKNOWN
}
