package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A confined resolver walking a tree while another store instance (another process, as when a
 * tenant is shared) moves a directory out of the preopen and back, and plants symlinks leading out:
 * no walk ever ends outside the preopen. ".." is answered from the resolver's own chain of the
 * directories it walked, never from the current parent of a directory that was moved out. One
 * backend per subclass.
 */
abstract class TreeRaceTest {
    private static final long RACE_NANOS = 1_500_000_000L;

    /** Where the subclass's database is (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    @Test
    void aConcurrentRenameOrSymlinkNeverTakesAWalkOutOfItsPreopen() throws Exception {
        long box;
        long d;
        Set<Long> outside;
        try (TarboxStore store = StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            long root = fs.rootIno();
            box = fs.mkdir(root, "box", 0755).ino();
            d = fs.mkdir(box, "d", 0755).ino();
            fs.create(d, "inner", 0644, true);
            long secret = fs.mkdir(root, "secret", 0755).ino();
            long canary = fs.create(secret, "canary", 0644, true).ino();
            fs.create(root, "canary", 0644, true);
            outside = Set.of(root, secret, canary, fs.lookup(root, "canary").ino());
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> attackerFailures = new ArrayList<>();
        Thread attacker = new Thread(
                () -> {
                    try (TarboxStore store = StoreFactory.open(location());
                            FilesystemInterface fs = store.openFilesystem("default")) {
                        long root = fs.rootIno();
                        while (!stop.get()) {
                            fs.rename(box, "d", root, "d"); // d leaves the preopen ...
                            fs.symlink(box, "up", "../secret"); // ... links lead out ...
                            fs.symlink(box, "abs", "/secret");
                            fs.syncAll();
                            fs.unlink(box, "up");
                            fs.unlink(box, "abs");
                            fs.rename(root, "d", box, "d"); // ... and d comes back
                            fs.syncAll();
                        }
                    } catch (Throwable e) {
                        attackerFailures.add(e);
                    }
                },
                "attacker");

        String[] paths = {
            "d/inner",
            "d/../d/inner",
            "d/../../secret/canary",
            "d/../../canary",
            "up/canary",
            "abs/canary",
            "d/../up/canary",
            "d/..",
            "d/../.."
        };
        int resolved = 0;
        int refused = 0;
        attacker.start();
        try (TarboxStore store = StoreFactory.open(location());
                FilesystemInterface fs = store.openFilesystem("default")) {
            PathResolver resolver = new PathResolver(fs, box, PathResolver.Confinement.CONFINED);
            long end = System.nanoTime() + RACE_NANOS;
            while (System.nanoTime() < end) {
                for (String path : paths) {
                    for (boolean fromD : new boolean[] {false, true}) {
                        fs.refresh(); // as the WASI host does before each path call
                        try {
                            PathResolver.Resolved r = fromD
                                    ? resolver.resolve(
                                            d, path.startsWith("d/") ? path.substring(2) : "../" + path, true)
                                    : resolver.resolve(path, true);
                            long reached = r.exists() ? r.attributes().ino() : r.dir();
                            assertFalse(
                                    outside.contains(reached) || outside.contains(r.dir()),
                                    (fromD ? "from d: " : "") + path + " led outside the preopen");
                            resolved++;
                        } catch (FsException e) {
                            refused++; // NOT_PERMITTED, NOT_FOUND while d is away: both fine
                        }
                    }
                }
            }
        } finally {
            stop.set(true);
            attacker.join();
        }
        assertTrue(attackerFailures.isEmpty(), () -> "the attacker failed: " + attackerFailures);
        assertTrue(resolved > 0 && refused > 0, "resolved " + resolved + ", refused " + refused);
    }
}
