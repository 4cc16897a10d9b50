package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.model.Tenant;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deadlocks between two processes on PostgreSQL (two stores, each with its own connections and
 * caches, as two JVMs), set up on purpose: PostgreSQL aborts one transaction's statement, and that
 * process rolls back that step alone, commits what came before, and tries again. No call fails,
 * neither filesystem becomes unusable, and the tree is consistent.
 */
class PostgresDeadlockTest extends TwoPostgresProcesses {
    /** Waits until a backend of the database waits for a lock (the other process's call is blocked). */
    private void awaitLockWait() throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl())) {
            for (int i = 0; i < 500; i++) {
                try (ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM pg_stat_activity"
                                + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no call ever waited for a lock");
    }

    private static <T> T done(CompletableFuture<T> call) throws Exception {
        return call.get(60, TimeUnit.SECONDS);
    }

    @Test
    void twoProcessesCreatingTheSameNamesInOppositeOrderBothSucceed() throws Exception {
        long root = a.rootIno();
        FileAttributes x = a.create(root, "x", 0644, false);
        FileAttributes y = b.create(root, "y", 0644, false);
        // A waits for B's uncommitted "y", then B for A's uncommitted "x": a cycle.
        CompletableFuture<FileAttributes> aY = CompletableFuture.supplyAsync(() -> a.create(root, "y", 0644, false));
        awaitLockWait();
        CompletableFuture<FileAttributes> bX = CompletableFuture.supplyAsync(() -> {
            FileAttributes found = b.create(root, "x", 0644, false);
            b.syncAll(); // lets A's create of "y" find B's file
            return found;
        });
        assertEquals(x.ino(), done(bX).ino(), "B found A's x");
        assertEquals(y.ino(), done(aY).ino(), "A found B's y");
        assertUsableAndConsistent();
    }

    @Test
    void aCommitNeverWaitsForAnotherProcessesOperations() throws Exception {
        long root = a.rootIno();
        FileAttributes f = a.create(root, "f", 0644, false);
        a.write(f.ino(), 0, "0123456789".getBytes(StandardCharsets.UTF_8), 0, 10);
        a.syncAll();
        b.refresh();
        // B changes f in every way an operation can, and a directory; its transaction stays open.
        b.truncate(f.ino(), 4);
        b.setattr(f.ino(), SetAttributes.mode(0640));
        b.write(f.ino(), 2, "ab".getBytes(StandardCharsets.UTF_8), 0, 2);
        b.mkdir(root, "d", 0755);
        b.rmdir(root, "d");
        FileAttributes x = a.create(root, "x", 0644, false); // A's transaction holds "x"
        CompletableFuture<FileAttributes> bX = CompletableFuture.supplyAsync(() -> b.create(root, "x", 0644, false));
        awaitLockWait(); // B waits for A, inside a call: B commits nothing until A has
        // A's commit changes the rows B's operations changed: had they locked them, A would wait for
        // B, which waits for A, and PostgreSQL would abort one of the two.
        a.write(f.ino(), 0, "ABCDEFGHIJKL".getBytes(StandardCharsets.UTF_8), 0, 12);
        a.setattr(f.ino(), SetAttributes.mode(0600));
        done(CompletableFuture.runAsync(a::syncAll));
        assertEquals(x.ino(), done(bX).ino(), "B found A's x");
        b.syncAll(); // B's changes of f are committed last: the file is as B left it (last writer wins)
        a.refresh();
        byte[] read = new byte[16];
        assertEquals(4, a.read(f.ino(), 0, read, 0, read.length));
        assertEquals("01ab", new String(read, 0, 4, StandardCharsets.UTF_8));
        assertEquals(0640, a.getattr(f.ino()).mode() & 0777);
        assertUsableAndConsistent();
    }

    @Test
    void commitsStoringTheSameNewChunksInOppositeOrderBothSucceed() throws Exception {
        long da = a.mkdir(a.rootIno(), "a", 0755).ino();
        long db = b.mkdir(b.rootIno(), "b", 0755).ino();
        long fa = a.create(da, "f", 0644, false).ino();
        long fb = b.create(db, "f", 0644, false).ino();
        a.syncAll();
        b.syncAll();
        java.util.Random random = new java.util.Random(9);
        int chunk = 64 * 1024;
        for (int round = 0; round < 20; round++) {
            byte[][] pieces = new byte[4][chunk];
            for (byte[] piece : pieces) {
                random.nextBytes(piece);
            }
            byte[] forward = new byte[4 * chunk];
            byte[] backward = new byte[4 * chunk];
            for (int i = 0; i < 4; i++) {
                System.arraycopy(pieces[i], 0, forward, i * chunk, chunk);
                System.arraycopy(pieces[3 - i], 0, backward, i * chunk, chunk);
            }
            a.write(fa, 0, forward, 0, forward.length);
            b.write(fb, 0, backward, 0, backward.length);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            CompletableFuture<Void> ca = CompletableFuture.runAsync(() -> await(start, a));
            CompletableFuture<Void> cb = CompletableFuture.runAsync(() -> await(start, b));
            done(ca);
            done(cb);
            b.refresh();
            byte[] read = new byte[forward.length];
            assertEquals(read.length, b.read(fa, 0, read, 0, read.length));
            assertArrayEquals(forward, read, "round " + round);
        }
        assertUsableAndConsistent();
    }

    /** Waits for the other thread, then commits. */
    private static void await(java.util.concurrent.CyclicBarrier start, FilesystemInterface fs) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        fs.syncAll();
    }

    /** Both filesystems still work, and the committed tree is consistent. */
    private void assertUsableAndConsistent() {
        a.create(a.rootIno(), "after-a", 0644, true);
        b.create(b.rootIno(), "after-b", 0644, true);
        a.syncAll();
        b.syncAll();
        a.refresh();
        assertEquals(
                b.lookup(b.rootIno(), "after-a").ino(),
                a.lookup(a.rootIno(), "after-a").ino());
        SqlFsck.Report report = storeA.fsck(Tenant.DEFAULT);
        assertTrue(report.consistent(), () -> report.problems().toString());
    }
}
