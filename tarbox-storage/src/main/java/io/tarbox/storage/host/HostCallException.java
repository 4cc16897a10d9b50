package io.tarbox.storage.host;

import io.tarbox.core.fs.IoErrors;
import java.nio.file.FileSystemException;

/**
 * A host call that failed with an error java.nio has no class of its own for ({@code EINVAL},
 * {@code EXDEV}, {@code ENOSPC}, ...): the reason is the system's text, {@link #errno()} the number.
 */
public final class HostCallException extends FileSystemException implements IoErrors.WithErrno {
    private static final long serialVersionUID = 1L;
    private final int errno;

    HostCallException(String file, int errno, String reason) {
        super(file, null, reason);
        this.errno = errno;
    }

    @Override
    public int errno() {
        return errno;
    }
}
