package io.tarbox.core.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one mapping from a host {@link IOException} to the contract's {@link FsError}: for the
 * host-directory filesystem (errors the guest sees as errno) and for the CLI's host files (exit
 * codes) alike, so a full host disk is {@link FsError#NO_SPACE} (ENOSPC, exit 7) both ways.
 */
public final class IoErrors {
    /** An exception that carries the system's errno (Linux numbering), such as a failed held-handle call. */
    public interface WithErrno {
        int errno();
    }

    private IoErrors() {}

    /** The contract error of a failed host operation. */
    public static FsError of(IOException e) {
        if (e instanceof WithErrno call) {
            return ofErrno(call.errno());
        }
        if (e instanceof NoSuchFileException) {
            return FsError.NOT_FOUND;
        }
        if (e instanceof FileAlreadyExistsException) {
            return FsError.EXISTS;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return FsError.NOT_EMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return FsError.NOT_DIRECTORY;
        }
        if (e instanceof AccessDeniedException) {
            return FsError.ACCESS_DENIED;
        }
        if (e instanceof FileSystemLoopException) {
            return FsError.LOOP;
        }
        // java.io reports the others by the system's text only (FileOutputStream.write: "No space left on device").
        String text = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return text == null ? FsError.IO : ofText(text);
    }

    /** Linux errno values (the generic ones, as on x86-64 and aarch64) to contract errors. */
    public static FsError ofErrno(int errno) {
        return switch (errno) {
            case 1 -> FsError.NOT_PERMITTED; // EPERM
            case 2 -> FsError.NOT_FOUND; // ENOENT
            case 13 -> FsError.ACCESS_DENIED; // EACCES
            case 16, 26 -> FsError.BUSY; // EBUSY, ETXTBSY
            case 17 -> FsError.EXISTS; // EEXIST
            case 18 -> FsError.CROSS_DEVICE; // EXDEV
            case 20 -> FsError.NOT_DIRECTORY; // ENOTDIR
            case 21 -> FsError.IS_DIRECTORY; // EISDIR
            case 22 -> FsError.INVALID; // EINVAL
            case 27 -> FsError.FILE_TOO_LARGE; // EFBIG
            case 28, 122 -> FsError.NO_SPACE; // ENOSPC, EDQUOT
            case 30 -> FsError.READ_ONLY; // EROFS
            case 36 -> FsError.NAME_TOO_LONG; // ENAMETOOLONG
            case 39 -> FsError.NOT_EMPTY; // ENOTEMPTY
            case 40 -> FsError.LOOP; // ELOOP
            case 95 -> FsError.NOT_SUPPORTED; // EOPNOTSUPP
            default -> FsError.IO;
        };
    }

    /** The error strerror(3) names (glibc's texts, anywhere in the message), IO for any other. */
    private static FsError ofText(String t) {
        if (t.contains("No space left on device") || t.contains("Disk quota exceeded")) {
            return FsError.NO_SPACE;
        }
        if (t.contains("File too large")) {
            return FsError.FILE_TOO_LARGE;
        }
        if (t.contains("Read-only file system")) {
            return FsError.READ_ONLY;
        }
        if (t.contains("File name too long")) {
            return FsError.NAME_TOO_LONG;
        }
        if (t.contains("Permission denied")) {
            return FsError.ACCESS_DENIED;
        }
        return FsError.IO;
    }
}
