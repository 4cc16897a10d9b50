package io.tarbox.wasi.p2;

import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.host.FilesystemErrorCode;

/**
 * A {@code wasi:filesystem} error-code raised by a WASI 0.2 host function itself (a bad descriptor,
 * a missing permission), where the contract's {@link FsException} does not apply. {@link Results}
 * turns both into the function's error result.
 */
final class ErrorCodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final FilesystemErrorCode code;

    ErrorCodeException(FilesystemErrorCode code) {
        super(code.wit(), null, false, false);
        this.code = code;
    }
}
