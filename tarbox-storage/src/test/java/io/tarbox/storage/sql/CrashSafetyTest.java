package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.path.PathResolver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash half of the durability contract: a writer process is killed with SIGKILL at random
 * moments, round after round on one database; after each kill the tree must be consistent
 * ({@link SqlFsck}) and every file the writer reported synced must be there, byte for byte.
 */
class CrashSafetyTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    private record Synced(String path, int size, long seed) {}

    @Test
    void killedWritersNeverLoseSyncedDataOrLeaveTheTreeInconsistent() throws Exception {
        Path db = dir.resolve("crash.db");
        Random random = new Random(2024);
        List<Synced> synced = new ArrayList<>();
        int roundsWithSyncs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = ChildJvm.start(CrashWriter.class, List.of("-Xmx256m"), db.toString(), "" + round);
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", lines.readLine(), "the writer did not start");
            Thread.sleep(50 + random.nextInt(451));
            child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly keeps stdout open
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(128 + 9, child.exitValue(), "the writer must die by SIGKILL, not by a failure of its own");
            int before = synced.size();
            for (String line; (line = lines.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f.length != 5 || !f[4].equals("END")) {
                    continue; // the kill cut this line short
                }
                assertEquals("SYNCED", f[0], line);
                synced.add(new Synced(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3])));
            }
            if (synced.size() > before) {
                roundsWithSyncs++;
            }
            verify(db, synced);
        }
        System.out.println(synced.size() + " files synced in " + roundsWithSyncs + " of " + ROUNDS + " rounds");
        // a slow machine may kill some writers before their first sync; most must get that far
        assertTrue(roundsWithSyncs >= ROUNDS / 4, "rounds that synced something: " + roundsWithSyncs);
    }

    private static void verify(Path db, List<Synced> synced) {
        try (SqlStore store = SqlStore.openSqlite(db)) {
            SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
            assertTrue(report.consistent(), () -> "inconsistent after a kill: " + report.problems());
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                PathResolver paths = PathResolver.rooted(fs);
                for (Synced s : synced) {
                    FileAttributes a = paths.resolve(s.path(), false).existing();
                    assertEquals(s.size(), a.size(), s.path());
                    byte[] data = new byte[s.size()];
                    assertEquals(s.size(), s.size() == 0 ? 0 : fs.read(a.ino(), 0, data, 0, s.size()));
                    assertArrayEquals(CrashWriter.content(s.seed(), s.size()), data, s.path());
                }
            }
            assertTrue(store.fsck(Tenant.DEFAULT).consistent(), "consistent after the orphan sweep");
        }
    }
}
