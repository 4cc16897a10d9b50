package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code fsck --repair} holds the tenant alone for the whole repair: refused (BUSY) while a tree is
 * open, and a tree opened by another store instance (another process's view of the database)
 * while the repair runs changes nothing until the repair is over. One backend per subclass.
 */
abstract class RepairHoldsTenantTest {
    /** Where the subclass's database is (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    @Test
    void aRepairIsRefusedWhileATreeIsOpen() throws Exception {
        try (TarboxStore repairer = StoreFactory.open(location());
                TarboxStore other = StoreFactory.open(location());
                FilesystemInterface fs = other.openFilesystem("default")) {
            FsException e = assertThrows(FsException.class, () -> ((SqlStore) repairer).fsckRepair("default"));
            assertEquals(FsError.BUSY, e.error());
            fs.create(fs.rootIno(), "still-usable", 0644, true); // the refused repair took nothing
            fs.syncAll();
        }
        try (TarboxStore repairer = StoreFactory.open(location())) {
            assertTrue(((SqlStore) repairer).fsckRepair("default").consistent()); // and released it
        }
    }

    @Test
    void aTreeOpenedDuringARepairWaitsUntilItIsOver() throws Exception {
        try (TarboxStore setup = StoreFactory.open(location());
                FilesystemInterface fs = setup.openFilesystem("default")) {
            fs.mkdir(fs.rootIno(), "d", 0755);
        }
        AtomicReference<CompletableFuture<Void>> writer = new AtomicReference<>();
        AtomicReference<Boolean> doneDuringRepair = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        try (TarboxStore repairer = StoreFactory.open(location());
                TarboxStore other = StoreFactory.open(location())) {
            SqlStore store = (SqlStore) repairer;
            store.whileRepairing = () -> {
                writer.set(CompletableFuture.runAsync(() -> {
                    started.countDown();
                    try (FilesystemInterface fs = other.openFilesystem("default")) {
                        opened.set(true);
                        fs.create(fs.rootIno(), "written-by-the-other", 0644, true);
                        fs.syncAll();
                    }
                }));
                try {
                    assertTrue(started.await(10, TimeUnit.SECONDS));
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                doneDuringRepair.set(opened.get() || writer.get().isDone());
            };
            assertTrue(store.fsckRepair("default").consistent());
            store.whileRepairing = null;
            assertFalse(doneDuringRepair.get(), "a tree opened while the repair held the tenant");
            writer.get().get(30, TimeUnit.SECONDS); // it goes on once the repair is over
        }
        try (TarboxStore check = StoreFactory.open(location());
                FilesystemInterface fs = check.openFilesystem("default")) {
            fs.lookup(fs.rootIno(), "written-by-the-other"); // throws NOT_FOUND if the write was lost
        }
    }
}
