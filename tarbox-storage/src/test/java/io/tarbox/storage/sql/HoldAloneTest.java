package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@link FilesystemInterface#holdAlone}: a tree holds its tenant alone only when no other tree of it
 * is open; while it does, a tree opening through another store instance (another process's view of
 * the database) waits, so nothing but the holder can commit; releasing, or closing the holder, lets
 * it in. One backend per subclass.
 */
abstract class HoldAloneTest {
    /** Where the subclass's database is (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    @Test
    void aTreeOpeningWhileTheTenantIsHeldWaitsUntilItIsReleased() throws Exception {
        try (TarboxStore holderStore = StoreFactory.open(location());
                TarboxStore otherStore = StoreFactory.open(location());
                FilesystemInterface holder = holderStore.openFilesystem("default")) {
            assertTrue(holder.holdAlone());
            assertTrue(holder.holdAlone(), "holding again is a no-op");
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try (FilesystemInterface fs = otherStore.openFilesystem("default")) {
                    fs.create(fs.rootIno(), "by-the-other", 0644, true);
                    fs.syncAll();
                }
            });
            // The holder changes and commits meanwhile, and still holds the tenant after its commits.
            holder.create(holder.rootIno(), "by-the-holder", 0644, true);
            holder.syncAll();
            assertThrows(TimeoutException.class, () -> other.get(700, TimeUnit.MILLISECONDS));
            assertFalse(holder.refreshSeesChanges(), "nobody else committed while the tenant was held");
            holder.releaseAlone();
            other.get(30, TimeUnit.SECONDS);
            assertTrue(holder.refreshSeesChanges());
            holder.lookup(holder.rootIno(), "by-the-other");
        }
    }

    @Test
    void noHoldWhileAnotherTreeIsOpen() throws Exception {
        try (TarboxStore first = StoreFactory.open(location());
                TarboxStore second = StoreFactory.open(location());
                FilesystemInterface a = first.openFilesystem("default");
                FilesystemInterface b = second.openFilesystem("default")) {
            assertFalse(a.holdAlone());
            assertFalse(b.holdAlone());
            a.create(a.rootIno(), "a", 0644, true); // the refused holds took nothing
            a.syncAll();
            b.create(b.rootIno(), "b", 0644, true);
            b.syncAll();
        }
    }

    @Test
    void closingTheHolderLetsTheWaitingTreeIn() throws Exception {
        try (TarboxStore holderStore = StoreFactory.open(location());
                TarboxStore otherStore = StoreFactory.open(location())) {
            FilesystemInterface holder = holderStore.openFilesystem("default");
            assertTrue(holder.holdAlone());
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try (FilesystemInterface fs = otherStore.openFilesystem("default")) {
                    fs.mkdir(fs.rootIno(), "after-the-holder", 0755);
                }
            });
            assertThrows(TimeoutException.class, () -> other.get(500, TimeUnit.MILLISECONDS));
            holder.close();
            other.get(30, TimeUnit.SECONDS);
            try (FilesystemInterface fs = holderStore.openFilesystem("default")) {
                assertTrue(fs.holdAlone(), "nothing of the closed holder is left behind");
                fs.lookup(fs.rootIno(), "after-the-holder");
            }
        }
    }
}
