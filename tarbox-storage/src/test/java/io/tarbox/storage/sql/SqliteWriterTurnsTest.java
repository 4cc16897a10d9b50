package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree whose program writes without pause does not keep SQLite's one write lock from everyone
 * else ({@link SqliteWriterTurns}): another tree's change, in this JVM or another process, commits
 * while the writer goes on. Before the turns, the other tree polled in vain: each try waited out the
 * busy timeout (10 s), and after five the call failed ("storage busy").
 */
class SqliteWriterTurnsTest {
    /**
     * One busy timeout: what the first try waited without turns before it gave up (the call then
     * took 5 to 50 s, or failed), ten times what waiting for one transaction of the writer takes.
     */
    private static final long BOUND_SECONDS = 10;

    private static final long WRITE_FOR_NANOS = 60_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aChangeCommitsBesideATreeOfThisJvmThatWritesWithoutPause() throws Exception {
        Path db = dir.resolve("tarbox.db");
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writing = new CompletableFuture<>();
        createTenants(db);
        try (SqlStore store = SqlStore.openSqlite(db);
                SqlStore otherStore = SqlStore.openSqlite(db);
                FilesystemInterface other = otherStore.openFilesystem("other")) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (FilesystemInterface fs = store.openFilesystem("writer")) {
                    writeUntil(fs, stop::get, () -> writing.complete(null));
                }
            });
            try {
                writing.get(BOUND_SECONDS, TimeUnit.SECONDS);
                changeAndCommit(other);
                assertTrue(!writer.isDone(), "the writer still writes");
            } finally {
                stop.set(true);
            }
            writer.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChangeCommitsBesideAProcessThatWritesWithoutPause() throws Exception {
        Path db = dir.resolve("tarbox.db");
        Path stop = dir.resolve("stop");
        createTenants(db); // and the schema, before the child opens the database too
        Process child =
                ChildJvm.start(RelentlessWriter.class, List.of("-Xmx128m"), db.toString(), stop.toString(), "writer");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            try {
                assertEquals("WRITING", out.readLine());
                try (SqlStore store = SqlStore.openSqlite(db);
                        FilesystemInterface other = store.openFilesystem("other")) {
                    changeAndCommit(other);
                }
                assertTrue(child.isAlive(), "the writer still writes");
            } finally {
                Files.createFile(stop);
            }
            assertEquals("DONE", out.readLine());
            assertTrue(child.waitFor(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    private static void createTenants(Path db) {
        try (SqlStore store = SqlStore.openSqlite(db)) {
            store.createTenant("writer");
            store.createTenant("other");
        }
    }

    /** A change and its commit, within the bound. */
    private static void changeAndCommit(FilesystemInterface fs) throws Exception {
        CompletableFuture.runAsync(() -> {
                    fs.create(fs.rootIno(), "f", 0644, true);
                    fs.syncAll();
                })
                .get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, fs.lookup(fs.rootIno(), "f").size());
    }

    /** Makes and removes a directory without pause until {@code stop} says so (or a minute passed). */
    static void writeUntil(FilesystemInterface fs, BooleanSupplier stop, Runnable afterFirstCommit) {
        long root = fs.rootIno();
        fs.mkdir(root, "d", 0755);
        fs.syncAll();
        afterFirstCommit.run();
        long end = System.nanoTime() + WRITE_FOR_NANOS;
        while (!stop.getAsBoolean() && System.nanoTime() < end) {
            fs.rmdir(root, "d");
            fs.mkdir(root, "d", 0755);
        }
    }
}
