package io.tarbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Permission bits between host files (java.nio) and the tree's modes. */
public final class HostFiles {
    /** Mode of a file whose source has none (standard input, a non-POSIX host). */
    public static final int DEFAULT_FILE_MODE = 0644;

    public static final int DEFAULT_DIRECTORY_MODE = 0755;

    /** Bit i of a mode (from 0400 down to 0001) is PERMISSIONS[i]. */
    private static final PosixFilePermission[] PERMISSIONS = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
    };

    private HostFiles() {}

    /** The permission bits of a host file, or {@code fallback} where the host has none. */
    public static int mode(Path file, int fallback) throws IOException {
        try {
            return toMode(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException e) {
            return fallback;
        }
    }

    public static int toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < 9; bit++) {
            if (permissions.contains(PERMISSIONS[bit])) {
                mode |= 0400 >> bit;
            }
        }
        return mode;
    }

    /** Sets a host file's permissions from a mode (where the host supports them). */
    public static void setMode(Path file, int mode) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (0400 >> bit)) != 0) {
                permissions.add(PERMISSIONS[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            // A host without POSIX permissions keeps its defaults.
        }
    }
}
