package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one-line messages and exit codes errors turn into. */
class CliExceptionTest {
    @Test
    void hostErrorsNameTheFileThatFailed() {
        CliException e = CliException.host(Path.of("/top"), new AccessDeniedException("/top/sub/secret"));
        assertEquals("/top/sub/secret: permission denied (on the host)", e.getMessage());
        assertEquals(ExitCodes.FAILED, e.exitCode());

        assertEquals(
                ExitCodes.NOT_FOUND,
                CliException.host(Path.of("/x"), new NoSuchFileException("/x")).exitCode());
        assertEquals(
                "/y: disk on fire",
                CliException.host(Path.of("/y"), new IOException("disk on fire"))
                        .getMessage());
    }

    @Test
    void treeErrorsNameThePathTyped() {
        assertEquals(
                "/a/b: no such file or directory",
                CliException.at("/a/b", new FsException(FsError.NOT_FOUND)).getMessage());
        CliException invalid = CliException.at("/a", new FsException(FsError.INVALID, "invalid name '..'"));
        assertEquals("/a: invalid argument (invalid name '..')", invalid.getMessage());
        assertEquals(ExitCodes.FAILED, invalid.exitCode());
    }

    @Test
    void everyFsErrorHasAnExitCode() {
        assertEquals(ExitCodes.NOT_FOUND, ExitCodes.of(FsError.NOT_FOUND));
        for (FsError error : new FsError[] {
            FsError.EXISTS, FsError.NOT_DIRECTORY, FsError.IS_DIRECTORY, FsError.NOT_EMPTY, FsError.BUSY
        }) {
            assertEquals(ExitCodes.CONFLICT, ExitCodes.of(error), error.name());
        }
        assertEquals(ExitCodes.NO_SPACE, ExitCodes.of(FsError.NO_SPACE));
        for (FsError error : new FsError[] {
            FsError.IO,
            FsError.INVALID,
            FsError.LOOP,
            FsError.NAME_TOO_LONG,
            FsError.READ_ONLY,
            FsError.NOT_PERMITTED,
            FsError.ACCESS_DENIED,
            FsError.NOT_SUPPORTED
        }) {
            assertEquals(ExitCodes.FAILED, ExitCodes.of(error), error.name());
        }
        assertEquals(ExitCodes.NO_SPACE, ExitCodes.ofCommit(FsError.NO_SPACE));
        assertEquals(ExitCodes.STORAGE, ExitCodes.ofCommit(FsError.IO));
    }
}
