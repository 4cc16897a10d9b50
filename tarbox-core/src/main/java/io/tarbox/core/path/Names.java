package io.tarbox.core.path;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.nio.charset.StandardCharsets;

/** The rule for what a single name (one path component) may be. Every backend checks names here. */
public final class Names {
    /** Longest path accepted by {@link PathResolver}, in bytes of UTF-8. */
    public static final int PATH_MAX = 4096;

    private Names() {}

    /**
     * Checks that {@code name} is a valid entry name.
     *
     * @throws FsException INVALID for "", ".", "..", a '/' or NUL; NAME_TOO_LONG past
     *     {@link FilesystemInterface#NAME_MAX} bytes
     */
    public static String check(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new FsException(FsError.INVALID, "invalid name '" + name + "'");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVALID, "invalid character in name '" + name + "'");
        }
        if (utf8Length(name) > FilesystemInterface.NAME_MAX) {
            throw new FsException(FsError.NAME_TOO_LONG, "name longer than " + FilesystemInterface.NAME_MAX + " bytes");
        }
        return name;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
