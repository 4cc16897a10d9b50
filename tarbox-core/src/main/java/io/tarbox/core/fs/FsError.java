package io.tarbox.core.fs;

/**
 * Every way a filesystem operation can fail. This is the only error vocabulary of the contract:
 * implementations throw {@link FsException} carrying one of these, and the WASI layer maps each to
 * an errno in exactly one place ({@code io.tarbox.wasi.host.Errno#of}).
 *
 * <p>The POSIX errno each one corresponds to is given in brackets.
 */
public enum FsError {
    /** [ENOENT] a path component or the inode does not exist. */
    NOT_FOUND("no such file or directory"),
    /** [EEXIST] the name is already taken. */
    EXISTS("file exists"),
    /** [ENOTDIR] a directory was required. */
    NOT_DIRECTORY("not a directory"),
    /** [EISDIR] a non-directory was required. */
    IS_DIRECTORY("is a directory"),
    /** [ENOTEMPTY] the directory has entries. */
    NOT_EMPTY("directory not empty"),
    /** [ELOOP] too many symbolic links, or a symlink where none may be followed. */
    LOOP("too many levels of symbolic links"),
    /** [ENAMETOOLONG] a name is longer than 255 bytes or a path longer than 4096. */
    NAME_TOO_LONG("file name too long"),
    /** [ENOSPC] the tenant's quota or the storage is full. */
    NO_SPACE("no space left (storage full or quota exceeded)"),
    /** [EFBIG] the write would make the file larger than allowed. */
    FILE_TOO_LARGE("file too large"),
    /** [EROFS] the filesystem or layer is read-only. */
    READ_ONLY("read-only file system"),
    /** [EPERM] the operation is not permitted, e.g. a path that leaves its root. */
    NOT_PERMITTED("operation not permitted"),
    /** [EACCES] the mode bits forbid the access. */
    ACCESS_DENIED("permission denied"),
    /** [EINVAL] an argument is invalid (e.g. renaming a directory into its own subtree). */
    INVALID("invalid argument"),
    /** [ENOTSUP] the backend does not support the operation. */
    NOT_SUPPORTED("operation not supported"),
    /** [EXDEV] the operation would cross filesystems. */
    CROSS_DEVICE("cross-device link"),
    /** [EBUSY] the target is in use (e.g. removing a root). */
    BUSY("resource busy"),
    /** [EIO] the storage failed; the message says how. */
    IO("input/output error");

    private final String description;

    FsError(String description) {
        this.description = description;
    }

    /** A short lower-case description in the style of strerror(3). */
    public String description() {
        return description;
    }
}
