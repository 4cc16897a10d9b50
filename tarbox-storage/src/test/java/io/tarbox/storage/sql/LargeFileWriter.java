package io.tarbox.storage.sql;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Run by {@link LargeFileSmallHeapTest} in a JVM with a small heap: streams a file of the given
 * number of MiB in and out in 1 MiB pieces, reopening the store in between, and prints {@code OK}.
 *
 * <p>Arguments: database file, size in MiB.
 */
public final class LargeFileWriter {
    private LargeFileWriter() {}

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int mib = Integer.parseInt(args[1]);
        byte[] piece = new byte[1 << 20];
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            FileAttributes f = fs.create(fs.rootIno(), "big", 0644, true);
            for (int i = 0; i < mib; i++) {
                new Random(i).nextBytes(piece);
                fs.write(f.ino(), (long) i << 20, piece, 0, piece.length);
            }
        }
        byte[] expected = new byte[piece.length];
        try (SqlStore store = SqlStore.openSqlite(db);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            FileAttributes f = fs.lookup(fs.rootIno(), "big");
            if (f.size() != (long) mib << 20) {
                throw new AssertionError("size " + f.size());
            }
            for (int i = 0; i < mib; i++) {
                new Random(i).nextBytes(expected);
                int n = fs.read(f.ino(), (long) i << 20, piece, 0, piece.length);
                if (n != piece.length || !Arrays.equals(expected, piece)) {
                    throw new AssertionError("MiB " + i + " differs");
                }
            }
        }
        System.out.println("OK");
    }
}
