package io.tarbox.wasi.host;

import io.tarbox.core.fs.FileType;

/** The small witx enums and flag sets (fdflags, oflags, lookupflags, fstflags, whence, filetype...). */
final class Flags {
    // fdflags
    static final int FD_APPEND = 1;
    static final int FD_DSYNC = 2;
    static final int FD_NONBLOCK = 4;
    static final int FD_RSYNC = 8;
    static final int FD_SYNC = 16;
    static final int FD_ALL = FD_APPEND | FD_DSYNC | FD_NONBLOCK | FD_RSYNC | FD_SYNC;

    // oflags
    static final int O_CREAT = 1;
    static final int O_DIRECTORY = 2;
    static final int O_EXCL = 4;
    static final int O_TRUNC = 8;

    // lookupflags
    static final int LOOKUP_SYMLINK_FOLLOW = 1;

    // fstflags
    static final int FST_ATIM = 1;
    static final int FST_ATIM_NOW = 2;
    static final int FST_MTIM = 4;
    static final int FST_MTIM_NOW = 8;

    // whence
    static final int WHENCE_SET = 0;
    static final int WHENCE_CUR = 1;
    static final int WHENCE_END = 2;

    // filetype
    static final int FILETYPE_UNKNOWN = 0;
    static final int FILETYPE_BLOCK_DEVICE = 1;
    static final int FILETYPE_CHARACTER_DEVICE = 2;
    static final int FILETYPE_DIRECTORY = 3;
    static final int FILETYPE_REGULAR_FILE = 4;
    static final int FILETYPE_SOCKET_STREAM = 6;
    static final int FILETYPE_SYMBOLIC_LINK = 7;

    private Flags() {}

    /** The witx filetype of a contract file type (FIFOs have no preview 1 code: unknown, as wasmtime). */
    static int filetype(FileType type) {
        switch (type) {
            case REGULAR:
                return FILETYPE_REGULAR_FILE;
            case DIRECTORY:
                return FILETYPE_DIRECTORY;
            case SYMLINK:
                return FILETYPE_SYMBOLIC_LINK;
            case CHARACTER_DEVICE:
                return FILETYPE_CHARACTER_DEVICE;
            case BLOCK_DEVICE:
                return FILETYPE_BLOCK_DEVICE;
            case SOCKET:
                return FILETYPE_SOCKET_STREAM;
            default:
                return FILETYPE_UNKNOWN;
        }
    }

    static boolean set(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
