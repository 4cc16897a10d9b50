package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A tree keeps the content of small files it read or wrote (stored in their inode rows) to answer
 * the next read without the database: it must never answer with content that another store
 * instance (another process sharing the tenant) has since replaced, even by content of the same
 * size, nor with content a failed or truncating change left behind. One backend per subclass.
 */
abstract class SmallFileSharingTest {
    /** Where the subclass's database is (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    @Test
    void aSmallFileRewrittenByAnotherProcessIsReadAnew() {
        try (TarboxStore mine = StoreFactory.open(location());
                TarboxStore theirs = StoreFactory.open(location());
                FilesystemInterface fs = mine.openFilesystem("default");
                FilesystemInterface other = theirs.openFilesystem("default")) {
            long f = fs.create(fs.rootIno(), "note", 0644, true).ino();
            write(fs, f, "aaaa");
            fs.syncAll();
            assertEquals("aaaa", read(fs, f)); // kept in memory from here

            other.refresh();
            write(other, other.lookup(other.rootIno(), "note").ino(), "bbbb"); // the same size
            other.syncAll();

            fs.refresh();
            assertEquals("bbbb", read(fs, f));
            assertEquals("bbbb", read(fs, f));

            other.refresh();
            other.setattr(f, SetAttributes.size(2));
            other.syncAll();
            fs.refresh();
            assertEquals("bb", read(fs, f));
        }
    }

    @Test
    void aSmallFileReadsWhatThisTreeLastWroteAcrossCommits() {
        try (TarboxStore store = StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            long f = fs.create(fs.rootIno(), "note", 0644, true).ino();
            for (int i = 0; i < 50; i++) {
                write(fs, f, "version " + i);
                if (i % 3 == 0) {
                    fs.syncAll();
                }
                assertEquals("version " + i, read(fs, f));
            }
            fs.setattr(f, SetAttributes.size(3));
            assertEquals("ver", read(fs, f));
            fs.syncAll();
            assertEquals("ver", read(fs, f));
        }
        try (TarboxStore store = StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            assertEquals("ver", read(fs, fs.lookup(fs.rootIno(), "note").ino()));
        }
    }

    private static void write(FilesystemInterface fs, long ino, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        fs.setattr(ino, SetAttributes.size(0));
        fs.write(ino, 0, bytes, 0, bytes.length);
    }

    private static String read(FilesystemInterface fs, long ino) {
        byte[] buffer = new byte[256];
        int n = fs.read(ino, 0, buffer, 0, buffer.length);
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
}
