package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.StoreFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What reads leave in the chunk cache: a chunk read to its end is not kept (a whole-file scan would
 * otherwise fill the cache with chunks nobody reads again, which the collector then copies), a
 * chunk read in part is (the next small read wants the rest of it). The bytes read are the same
 * either way. One backend per subclass.
 */
abstract class ChunkCacheTest {
    private static final int CHUNK = ChunkStore.CHUNK_SIZE;
    private static final int SIZE = 6 * CHUNK;

    /** Where the subclass's database is (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    @Test
    void wholeChunkReadsLeaveNothingCachedAndSmallReadsKeepTheChunkTheyAreIn() {
        byte[] data = new byte[SIZE];
        new Random(7).nextBytes(data);
        try (SqlStore store = (SqlStore) StoreFactory.open(location())) {
            try (FilesystemInterface fs = store.openFilesystem("default")) {
                long ino = fs.create(fs.rootIno(), "big", 0644, true).ino();
                fs.write(ino, 0, data, 0, SIZE);
                fs.syncAll();
            }
            // A new tree: nothing of the file in memory.
            try (SqlFilesystem fs = (SqlFilesystem) store.openFilesystem("default")) {
                long ino = fs.lookup(fs.rootIno(), "big").ino();
                byte[] back = new byte[SIZE];
                for (int at = 0; at < SIZE; at += CHUNK) {
                    assertEquals(CHUNK, fs.read(ino, at, back, at, CHUNK));
                }
                assertArrayEquals(data, back);
                assertEquals(0, fs.cachedChunkBytes(), "chunks read whole are not kept");

                byte[] piece = new byte[4096];
                assertEquals(4096, fs.read(ino, 2L * CHUNK + 4096, piece, 0, 4096));
                assertArrayEquals(Arrays.copyOfRange(data, 2 * CHUNK + 4096, 2 * CHUNK + 8192), piece);
                assertEquals(CHUNK, fs.cachedChunkBytes(), "the chunk read in part is kept");

                // A read across a chunk boundary: the first chunk is finished, the second is not.
                byte[] across = new byte[CHUNK];
                assertEquals(CHUNK, fs.read(ino, 4L * CHUNK - 100, across, 0, CHUNK));
                assertArrayEquals(Arrays.copyOfRange(data, 4 * CHUNK - 100, 5 * CHUNK - 100), across);
                assertEquals(2L * CHUNK, fs.cachedChunkBytes(), "the chunk left unfinished is kept too");
                assertTrue(fs.cachedChunkBytes() <= FsCaches.MAX_CHUNK_BYTES);
            }
        }
    }
}
