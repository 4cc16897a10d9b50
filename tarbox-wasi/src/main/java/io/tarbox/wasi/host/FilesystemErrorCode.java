package io.tarbox.wasi.host;

import io.tarbox.core.fs.FsError;

/**
 * The {@code error-code} enum of WASI 0.2 {@code wasi:filesystem/types}, in its WIT order (the
 * ordinal is the value a guest sees). A contract error maps to it through its preview 1 errno
 * ({@link Errno#of}), so both hosts answer the same error the same way and the one mapping of
 * {@link FsError} stays in {@link Errno}; this class only names each errno's WASI 0.2 counterpart,
 * as the preview 1 adapter maps them back.
 */
public enum FilesystemErrorCode {
    ACCESS,
    WOULD_BLOCK,
    ALREADY,
    BAD_DESCRIPTOR,
    BUSY,
    DEADLOCK,
    QUOTA,
    EXIST,
    FILE_TOO_LARGE,
    ILLEGAL_BYTE_SEQUENCE,
    IN_PROGRESS,
    INTERRUPTED,
    INVALID,
    IO,
    IS_DIRECTORY,
    LOOP,
    TOO_MANY_LINKS,
    MESSAGE_SIZE,
    NAME_TOO_LONG,
    NO_DEVICE,
    NO_ENTRY,
    NO_LOCK,
    INSUFFICIENT_MEMORY,
    INSUFFICIENT_SPACE,
    NOT_DIRECTORY,
    NOT_EMPTY,
    NOT_RECOVERABLE,
    UNSUPPORTED,
    NO_TTY,
    NO_SUCH_DEVICE,
    OVERFLOW,
    NOT_PERMITTED,
    PIPE,
    READ_ONLY,
    INVALID_SEEK,
    TEXT_FILE_BUSY,
    CROSS_DEVICE;

    /** The error-code a guest sees for a contract error. */
    public static FilesystemErrorCode of(FsError error) {
        return ofErrno(Errno.of(error));
    }

    /** The error-code for a preview 1 errno; IO for one without a counterpart. */
    public static FilesystemErrorCode ofErrno(int errno) {
        switch (errno) {
            case Errno.ACCES:
                return ACCESS;
            case Errno.AGAIN:
                return WOULD_BLOCK;
            case Errno.BADF:
                return BAD_DESCRIPTOR;
            case Errno.BUSY:
                return BUSY;
            case Errno.EXIST:
                return EXIST;
            case Errno.FBIG:
                return FILE_TOO_LARGE;
            case Errno.ILSEQ:
                return ILLEGAL_BYTE_SEQUENCE;
            case Errno.INTR:
                return INTERRUPTED;
            case Errno.INVAL:
                return INVALID;
            case Errno.ISDIR:
                return IS_DIRECTORY;
            case Errno.LOOP:
                return LOOP;
            case Errno.NAMETOOLONG:
                return NAME_TOO_LONG;
            case Errno.NOENT:
                return NO_ENTRY;
            case Errno.NOSPC:
                return INSUFFICIENT_SPACE;
            case Errno.NOTDIR:
                return NOT_DIRECTORY;
            case Errno.NOTEMPTY:
                return NOT_EMPTY;
            case Errno.NOTSUP:
                return UNSUPPORTED;
            case Errno.OVERFLOW:
                return OVERFLOW;
            case Errno.PERM:
            case Errno.NOTCAPABLE:
                return NOT_PERMITTED;
            case Errno.PIPE:
                return PIPE;
            case Errno.ROFS:
                return READ_ONLY;
            case Errno.SPIPE:
                return INVALID_SEEK;
            case Errno.XDEV:
                return CROSS_DEVICE;
            default:
                return IO;
        }
    }

    /** The name WIT gives it ("no-entry"). */
    public String wit() {
        return name().toLowerCase().replace('_', '-');
    }
}
