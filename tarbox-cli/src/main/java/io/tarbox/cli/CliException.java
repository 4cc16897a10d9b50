package io.tarbox.cli;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A failure to report to the user as one line, {@code tarbox: <command>: <message>}, with an exit
 * code from {@link ExitCodes}.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A filesystem error on the path the user typed, e.g. {@code /a/b: no such file or directory}. */
    public static CliException at(String path, FsException e) {
        return new CliException(ExitCodes.of(e.error()), path + ": " + describe(e), e);
    }

    /** What went wrong, e.g. {@code not a directory}, with the detail where the error's name is not enough. */
    public static String describe(FsException e) {
        FsError error = e.error();
        String text = error.description();
        // IO and INVALID carry the useful detail in the message (what failed, which name was bad).
        if ((error == FsError.IO || error == FsError.INVALID || error == FsError.NAME_TOO_LONG)
                && e.getMessage() != null
                && !e.getMessage().equals(text)) {
            text = text + " (" + e.getMessage() + ")";
        }
        return text;
    }

    /**
     * A failure on a host file, e.g. {@code /tmp/x: no such file or directory (on the host)}. The
     * file the exception names, if any, is the one shown (it may lie deep inside {@code hostPath}).
     */
    public static CliException host(Object hostPath, IOException e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getFile() != null) {
            hostPath = ((FileSystemException) e).getFile();
        }
        return hostNamed(hostPath, e);
    }

    /**
     * A failure on a host file, named {@code hostPath} whatever file the exception names (when that
     * is a temporary file of Tarbox's own, the user should see the path they typed).
     */
    public static CliException hostNamed(Object hostPath, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory (on the host)";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "file exists (on the host)";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied (on the host)";
        } else if (e instanceof DirectoryNotEmptyException) {
            reason = "directory not empty (on the host)";
        } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            reason = ((FileSystemException) e).getReason() + " (on the host)"; // the message would repeat the path
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return new CliException(ExitCodes.of(e), hostPath + ": " + reason, e);
    }

    /** A storage failure: the database cannot be opened or used. */
    public static CliException storage(String message, Throwable cause) {
        return new CliException(ExitCodes.STORAGE, message, cause);
    }
}
