package io.tarbox.server;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.util.Locale;

/**
 * The one place where the filesystem's errors become HTTP statuses and the JSON API's stable error
 * codes (the code is the {@link FsError}'s name in lower case: {@code not_found}, {@code no_space},
 * ...). WebDAV and the JSON API both go through it.
 */
public final class Errors {
    private Errors() {}

    /** The HTTP status of a filesystem error. */
    public static int status(FsError error) {
        return switch (error) {
            case NOT_FOUND -> 404;
            case EXISTS, NOT_EMPTY, NOT_DIRECTORY, IS_DIRECTORY, BUSY, CROSS_DEVICE -> 409;
            case INVALID, NAME_TOO_LONG, LOOP -> 400;
            case READ_ONLY, NOT_PERMITTED, ACCESS_DENIED -> 403;
            case FILE_TOO_LARGE -> 413;
            case NO_SPACE -> 507;
            case NOT_SUPPORTED -> 501;
            case IO -> 500;
        };
    }

    /** The stable error code of a filesystem error. */
    public static String code(FsError error) {
        return error.name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP error for a failed filesystem call. */
    public static HttpError of(FsException e) {
        return new HttpError(status(e.error()), code(e.error()), e.getMessage());
    }
}
