package io.tarbox.core.fs;

/** A filesystem operation failed with one of the contract's {@link FsError}s. */
public final class FsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FsError error;

    public FsException(FsError error) {
        this(error, error.description(), null);
    }

    public FsException(FsError error, String message) {
        this(error, message, null);
    }

    public FsException(FsError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public FsError error() {
        return error;
    }
}
