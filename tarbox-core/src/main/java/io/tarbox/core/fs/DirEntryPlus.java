package io.tarbox.core.fs;

/**
 * One entry returned by {@code readdirPlus}: the entry, and the attributes of the inode it names as
 * {@code getattr} returns them.
 *
 * @param entry the entry (its cookie continues the listing)
 * @param attributes the attributes of {@code entry.ino()}
 */
public record DirEntryPlus(DirEntry entry, FileAttributes attributes) {}
