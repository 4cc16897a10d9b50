package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemInterface;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for {@link SqliteWriterTurnsTest}: on its own tenant of a SQLite database, makes and
 * removes a directory without pause (the group commit ends a transaction every second and the next
 * begins at once) until the stop file exists or a minute has passed. Prints "WRITING" after its
 * first commit and "DONE" at the end.
 */
final class RelentlessWriter {
    private RelentlessWriter() {}

    public static void main(String[] args) throws Exception {
        Path database = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        try (SqlStore store = SqlStore.openSqlite(database);
                FilesystemInterface fs = store.openFilesystem(args[2])) {
            SqliteWriterTurnsTest.writeUntil(fs, () -> Files.exists(stop), () -> System.out.println("WRITING"));
        }
        System.out.println("DONE");
    }
}
