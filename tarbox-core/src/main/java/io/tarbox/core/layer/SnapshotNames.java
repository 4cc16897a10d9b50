package io.tarbox.core.layer;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.util.regex.Pattern;

/**
 * What a snapshot or tag may be called: 1 to 64 of letters, digits, '.', '_', '-', not starting
 * with '.' or '-'. A name is also a directory name under {@code /.tarbox/snapshots} and a command
 * argument, so it is kept free of anything a shell or a path would read differently.
 */
public final class SnapshotNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    private SnapshotNames() {}

    /** @throws FsException INVALID for a name that is not allowed */
    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new FsException(
                    FsError.INVALID,
                    "invalid snapshot name '" + name
                            + "': use 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'");
        }
        return name;
    }
}
