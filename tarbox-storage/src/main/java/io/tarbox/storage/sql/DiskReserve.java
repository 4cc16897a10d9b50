package io.tarbox.storage.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A little disk space kept beside a SQLite database ({@code <db>-reserve}, {@link #SIZE} bytes of
 * real blocks) and given back the moment the database finds its disk full. SQLite needs room in its
 * write-ahead log even to delete: without the reserve, a program that filled the disk could not
 * free space by deleting its files. Made again once space was reclaimed ({@link WalCheckpointer})
 * or when the store is next opened, if there is room.
 */
final class DiskReserve {
    static final int SIZE = 1 << 20;

    private final Path file;

    private DiskReserve(Path file) {
        this.file = file;
    }

    /** The reserve of the database {@code database}, written now unless it exists or does not fit. */
    static DiskReserve beside(Path database) {
        Path file = database.resolveSibling(database.getFileName() + "-reserve");
        if (!Files.exists(file)) {
            try (OutputStream out =
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] zeros = new byte[64 * 1024];
                for (int written = 0; written < SIZE; written += zeros.length) {
                    out.write(zeros);
                }
            } catch (IOException e) {
                release(file); // no room (or no permission): no reserve this time
            }
        }
        return new DiskReserve(file);
    }

    /** Gives the space back (the disk is full). */
    void release() {
        release(file);
    }

    private static void release(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do: the reserve was the last resort
        }
    }
}
