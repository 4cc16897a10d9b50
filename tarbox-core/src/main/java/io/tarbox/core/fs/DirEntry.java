package io.tarbox.core.fs;

/**
 * One entry returned by {@code readdir}.
 *
 * @param name the entry's name (never "." or "..")
 * @param ino the inode it names
 * @param type the inode's type
 * @param cookie pass this to {@code readdir} to continue after this entry; always greater than 0
 */
public record DirEntry(String name, long ino, FileType type, long cookie) {}
