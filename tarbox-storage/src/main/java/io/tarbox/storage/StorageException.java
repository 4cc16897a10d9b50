package io.tarbox.storage;

/**
 * A database could not be opened or used as a Tarbox store: unreachable, not a SQLite database,
 * not a Tarbox database, not writable, or written by a newer Tarbox. The message is one line meant
 * for users (the CLI prints it and exits with code 5); the cause carries the driver's details.
 *
 * <p>Failures during filesystem operations are reported as {@code FsException(IO)} instead, as the
 * contract requires.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the store cannot be used. */
    public enum Reason {
        /** The file or server cannot be opened or reached. */
        UNREACHABLE,
        /** The file exists but is not a SQLite database. */
        NOT_A_DATABASE,
        /** A database, but one that holds something other than a Tarbox store. */
        NOT_TARBOX,
        /** The database cannot be written. */
        NOT_WRITABLE,
        /** The schema was written by a newer Tarbox than this one. */
        SCHEMA_TOO_NEW,
        /** Any other failure of the database. */
        FAILED
    }

    private final Reason reason;

    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public StorageException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
