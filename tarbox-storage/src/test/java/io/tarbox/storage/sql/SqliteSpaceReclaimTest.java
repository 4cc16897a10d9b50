package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program fills the disk under a SQLite store, deletes what it wrote, and writes again: the space
 * of the deleted file must come back, also when the file's data never left the write-ahead log
 * (the checkpoint thread had fallen behind). Without reclaiming, the log cannot be copied into the
 * database file (that file would have to grow by the deleted data first) and so never restarts:
 * every later commit needs new disk space, and the disk stays full whatever the program deletes.
 */
class SqliteSpaceReclaimTest {
    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void deletingAFileGivesItsSpaceBackWhenItsDataWasStillInTheLog() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), 12)) {
            Path db = disk.dir().resolve("tarbox.db");
            Random random = new Random(7);
            byte[] kept = "synced before the disk filled\n".getBytes();
            long filled = 0;
            byte[] refill;
            try (SqlStore store = SqlStore.openSqlite(db)) {
                try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                    long root = fs.rootIno();
                    long keep = fs.create(root, "keep.txt", 0644, true).ino();
                    fs.write(keep, 0, kept, 0, kept.length);
                    fs.sync(keep);

                    // A reader holding its snapshot: no checkpoint copies the log past it, as when
                    // the checkpoint thread falls behind a fast writer. The fill stays in the log.
                    try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                        reader.setAutoCommit(false);
                        try (ResultSet rs = reader.createStatement().executeQuery("SELECT count(*) FROM inodes")) {
                            rs.next();
                        }
                        long fill = fs.create(root, "fill.bin", 0644, true).ino();
                        byte[] block = new byte[BLOCK];
                        FsException full = null;
                        while (full == null) {
                            random.nextBytes(block);
                            try {
                                fs.write(fill, filled, block, 0, BLOCK);
                                fs.sync(fill);
                                filled += BLOCK;
                            } catch (FsException e) {
                                full = e;
                            }
                        }
                        assertEquals(FsError.NO_SPACE, full.error(), full.getMessage());
                        reader.rollback();
                    }
                    assertTrue(filled >= 1 << 20, "the fill got " + filled + " bytes before the disk was full");
                    fs.unlink(root, "fill.bin");
                } // an unlinked file's data goes when its tree closes (a descriptor may still read it)

                // Half of what was deleted must fit again, block by block, each one synced.
                try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                    refill = new byte[(int) (filled / 2)];
                    random.nextBytes(refill);
                    long again =
                            fs.create(fs.rootIno(), "again.bin", 0644, true).ino();
                    for (int off = 0; off < refill.length; off += BLOCK) {
                        int len = Math.min(BLOCK, refill.length - off);
                        fs.write(again, off, refill, off, len);
                        fs.sync(again);
                    }
                }
            }
            try (SqlStore store = SqlStore.openSqlite(db);
                    FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                assertArrayEquals(kept, read(fs, "keep.txt"));
                assertArrayEquals(refill, read(fs, "again.bin"));
                assertTrue(
                        Files.notExists(disk.dir().resolve("tarbox.db-wal"))
                                || Files.size(disk.dir().resolve("tarbox.db-wal")) < filled,
                        "the log was copied and cut back");
            }
        }
    }

    private static byte[] read(FilesystemInterface fs, String name) {
        long ino = fs.lookup(fs.rootIno(), name).ino();
        byte[] data = new byte[(int) fs.getattr(ino).size()];
        for (int off = 0; off < data.length; ) {
            off += fs.read(ino, off, data, off, Math.min(BLOCK, data.length - off));
        }
        return data;
    }
}
