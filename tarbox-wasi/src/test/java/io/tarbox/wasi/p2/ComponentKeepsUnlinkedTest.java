package io.tarbox.wasi.p2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WASI 0.2 host does not say which files its descriptors hold, so while a component runs on a
 * tree, another user of the same tree instance (the server's requests and runs share one) frees no
 * unlinked file: it might be one the component has open. Once the run ends, freeing works again.
 * One backend per subclass.
 */
abstract class ComponentKeepsUnlinkedTest {
    private static final int SIZE = 1 << 20;

    @TempDir
    Path dir;

    abstract SqlStore openStore();

    @Test
    void nothingUnlinkedIsFreedUnderARunningComponent() {
        try (SqlStore store = openStore();
                FilesystemInterface fs = store.openFilesystem("default")) {
            long root = fs.rootIno();
            long ino = fs.create(root, "f", 0644, true).ino();
            byte[] data = new byte[SIZE];
            new Random(1).nextBytes(data);
            fs.write(ino, 0, data, 0, SIZE);
            fs.syncAll();
            P2Host host = new P2Host(
                    List.of("component"),
                    List.of(),
                    List.of(new Preopen(fs, root, "/data", false)),
                    Stdio.none(),
                    RunLimits.NONE,
                    null,
                    null);
            fs.unlink(root, "f"); // another user of the tree deletes a file the component may hold
            fs.forget(ino);
            fs.syncAll();
            assertEquals((long) SIZE, store.usage("default").usedBytes(), "kept while the component runs");
            host.finish();
            fs.forget(ino);
            fs.syncAll();
            assertEquals(0L, store.usage("default").usedBytes(), "freed once it ended");
        }
    }
}
