package io.tarbox.storage.sql;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;

/**
 * One row of the {@code inodes} table, without the inline data.
 *
 * @param inline whether the content is in the row's {@code inline_data} rather than in chunks
 * @param layer  the layer the row was read from (see {@link LayerChain}); its chunk map is there too
 */
record InodeRow(
        long ino,
        FileType type,
        int mode,
        long nlink,
        long size,
        long atimeNs,
        long mtimeNs,
        long ctimeNs,
        String symlinkTarget,
        boolean inline,
        long layer) {

    static int typeCode(FileType type) {
        return switch (type) {
            case REGULAR -> 1;
            case DIRECTORY -> 2;
            case SYMLINK -> 3;
            default -> throw new IllegalArgumentException("not storable: " + type);
        };
    }

    /** The type code of a tombstone: the inode was freed in that layer (see migration V5). */
    static final int TOMBSTONE = 0;

    static FileType type(int code) {
        return switch (code) {
            case 1 -> FileType.REGULAR;
            case 2 -> FileType.DIRECTORY;
            case 3 -> FileType.SYMLINK;
            default -> FileType.UNKNOWN;
        };
    }

    FileAttributes attributes() {
        return new FileAttributes(ino, type, mode, nlink, size, atimeNs, mtimeNs, ctimeNs);
    }

    boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    InodeRow withNlink(long newNlink, long newCtimeNs) {
        return new InodeRow(
                ino, type, mode, newNlink, size, atimeNs, mtimeNs, newCtimeNs, symlinkTarget, inline, layer);
    }

    /** A directory whose entries changed: mtime and ctime move, nlink by {@code nlinkDelta}. */
    InodeRow entriesChanged(long nlinkDelta, long nowNs) {
        return new InodeRow(
                ino, type, mode, nlink + nlinkDelta, size, atimeNs, nowNs, nowNs, symlinkTarget, inline, layer);
    }

    /** The same row, as copied into {@code newLayer}. */
    InodeRow inLayer(long newLayer) {
        return new InodeRow(ino, type, mode, nlink, size, atimeNs, mtimeNs, ctimeNs, symlinkTarget, inline, newLayer);
    }

    InodeRow withAttributes(int newMode, long newAtimeNs, long newMtimeNs, long newCtimeNs) {
        return new InodeRow(
                ino, type, newMode, nlink, size, newAtimeNs, newMtimeNs, newCtimeNs, symlinkTarget, inline, layer);
    }

    InodeRow withContent(long newSize, long newMtimeNs, long newCtimeNs, boolean newInline) {
        return new InodeRow(
                ino, type, mode, nlink, newSize, atimeNs, newMtimeNs, newCtimeNs, symlinkTarget, newInline, layer);
    }
}
