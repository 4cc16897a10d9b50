package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.StoreFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code forget}: an unlinked file nobody holds is freed at once (its data gone from the tenant's
 * usage at the next commit), but never a file still linked, nor one a user of the instance holds
 * ({@code hold}, until its last {@code release}; everything while one {@code keepUnlinked}), nor one
 * that another store instance (another process) might hold open while it has the tenant open. One
 * backend per subclass.
 */
abstract class ForgetTest {
    private static final int SIZE = 3 * ChunkStore.CHUNK_SIZE;

    /** Where the subclass's database is (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    @Test
    void anUnlinkedFileIsFreedWhenForgottenAndALinkedOneIsNot() {
        try (SqlStore store = (SqlStore) StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            long kept = file(fs, "kept", 1);
            long gone = file(fs, "gone", 2);
            fs.syncAll();
            assertEquals(2L * SIZE, store.usage("default").usedBytes());

            fs.forget(kept); // still linked: nothing happens
            fs.unlink(fs.rootIno(), "gone");
            fs.syncAll();
            assertEquals(2L * SIZE, store.usage("default").usedBytes(), "unlinked, not yet forgotten");
            fs.forget(gone);
            fs.syncAll();
            assertEquals((long) SIZE, store.usage("default").usedBytes(), "forgotten: freed at the commit");
            assertEquals(SIZE, fs.getattr(kept).size());
        }
    }

    @Test
    void aHeldFileIsFreedWithItsLastRelease() {
        try (SqlStore store = (SqlStore) StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            long gone = file(fs, "gone", 4);
            fs.hold(gone); // two users of the instance hold it (a download, a program's descriptor)
            fs.hold(gone);
            fs.unlink(fs.rootIno(), "gone");
            fs.forget(gone);
            fs.release(gone);
            fs.syncAll();
            assertEquals((long) SIZE, store.usage("default").usedBytes(), "one hold is left");
            byte[] back = new byte[SIZE];
            assertEquals(SIZE, fs.read(gone, 0, back, 0, SIZE), "and its holder reads it");
            fs.release(gone);
            fs.syncAll();
            assertEquals(0L, store.usage("default").usedBytes(), "freed with the last release");
        }
    }

    @Test
    void nothingIsFreedWhileAUserWhoseHoldsAreUnseenIsThere() {
        try (SqlStore store = (SqlStore) StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            long gone = file(fs, "gone", 5);
            fs.keepUnlinked(); // a remote client attached
            fs.unlink(fs.rootIno(), "gone");
            fs.forget(gone);
            fs.syncAll();
            assertEquals((long) SIZE, store.usage("default").usedBytes(), "kept for the remote client");
            fs.stopKeepingUnlinked();
            fs.forget(gone);
            fs.syncAll();
            assertEquals(0L, store.usage("default").usedBytes(), "freed once it left");
        }
    }

    @Test
    void aKeeperThatHoldsAFileNoMoreFreesItUnlessAnotherKeeps() {
        try (SqlStore store = (SqlStore) StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            long gone = file(fs, "gone", 6);
            fs.keepUnlinked(); // two remote clients attached
            fs.keepUnlinked();
            fs.unlink(fs.rootIno(), "gone");
            fs.forgetAsKeeper(gone); // one says it does not hold it: the other may
            fs.syncAll();
            assertEquals((long) SIZE, store.usage("default").usedBytes(), "the other client may hold it");
            fs.stopKeepingUnlinked(); // the other left
            fs.forgetAsKeeper(gone);
            fs.syncAll();
            assertEquals(0L, store.usage("default").usedBytes(), "the one left does not hold it");
        }
    }

    @Test
    void aFileIsNotFreedWhileAnotherInstanceHasTheTenantOpen() {
        try (SqlStore store = (SqlStore) StoreFactory.open(location());
                SqlStore theirs = (SqlStore) StoreFactory.open(location())) {
            FilesystemInterface fs = store.openFilesystem("default");
            long gone = file(fs, "gone", 3);
            fs.syncAll();
            try (FilesystemInterface other = theirs.openFilesystem("default")) {
                fs.unlink(fs.rootIno(), "gone");
                fs.forget(gone);
                fs.syncAll();
                assertEquals((long) SIZE, store.usage("default").usedBytes(), "the other one may hold it");
                other.refresh();
                byte[] back = new byte[SIZE];
                assertEquals(SIZE, other.read(gone, 0, back, 0, SIZE), "and may still read it");
            }
            fs.close(); // alone now: the sweep at close frees it
            assertEquals(0L, store.usage("default").usedBytes());
        }
    }

    private static long file(FilesystemInterface fs, String name, int seed) {
        long ino = fs.create(fs.rootIno(), name, 0644, true).ino();
        byte[] data = new byte[SIZE];
        new Random(seed).nextBytes(data);
        fs.write(ino, 0, data, 0, SIZE);
        return ino;
    }
}
