package io.tarbox.cli;

import io.tarbox.core.fs.FsError;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The exit codes of the {@code tarbox} command. This is the only place that maps errors to codes;
 * the table is documented in {@code docs/cli.md}.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A file operation failed for another reason (I/O, invalid argument, permission). */
    public static final int FAILED = 1;
    /** Usage error: unknown flag, missing or malformed argument. */
    public static final int USAGE = 2;
    /** A path, tenant, module file or preopen directory does not exist. */
    public static final int NOT_FOUND = 3;
    /** Target exists, directory not empty, file where a directory is needed or vice versa. */
    public static final int CONFLICT = 4;
    /** Database unreachable, not a SQLite/Tarbox database, not writable, or from a newer Tarbox. */
    public static final int STORAGE = 5;
    /** Not WebAssembly, malformed, unsatisfied imports, nothing to run. */
    public static final int INVALID_MODULE = 6;
    /** Tenant quota or storage full. */
    public static final int NO_SPACE = 7;
    /** A bug in Tarbox. */
    public static final int INTERNAL = 70;
    /** {@code run}: the WebAssembly program trapped. */
    public static final int TRAP = 134;

    private ExitCodes() {}

    /** The exit code for a failed filesystem operation. */
    public static int of(FsError error) {
        switch (error) {
            case NOT_FOUND:
                return NOT_FOUND;
            case EXISTS:
            case NOT_DIRECTORY:
            case IS_DIRECTORY:
            case NOT_EMPTY:
                return CONFLICT;
            case NO_SPACE:
                return NO_SPACE;
            default:
                return FAILED;
        }
    }

    /** The exit code for a failed operation on a host file. */
    public static int of(IOException error) {
        if (error instanceof NoSuchFileException) {
            return NOT_FOUND;
        }
        if (error instanceof FileAlreadyExistsException
                || error instanceof DirectoryNotEmptyException
                || error instanceof NotDirectoryException) {
            return CONFLICT;
        }
        return FAILED;
    }
}
