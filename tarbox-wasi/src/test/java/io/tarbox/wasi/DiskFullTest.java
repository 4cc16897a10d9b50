package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.path.PathResolver;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database on a real filesystem that fills up: the program's write fails with ENOSPC (not EIO),
 * it deletes its big file and goes on writing, what it synced before is intact (also after the
 * store is opened again), and the tree stays consistent. Run on SQLite and PostgreSQL.
 */
abstract class DiskFullTest {
    /** A store on the test's database, which lies on a small disk (made on the first call). */
    abstract SqlStore openStore() throws Exception;

    /** Readies the new tree before the program runs (nothing, unless the backend needs it). */
    void prepare(FilesystemInterface fs) throws Exception {}

    @Test
    void theProgramGetsEnospcFreesSpaceAndGoesOn() throws Exception {
        try (SqlStore store = openStore()) {
            FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
            prepare(fs);
            GuestRun run = GuestRun.run(
                    RunOptions.builder(GuestRun.resource("diskfull/diskfull.wasm")),
                    "diskfull.wasm",
                    List.of(Preopen.of(fs, "/data")),
                    "");
            assertEquals("fill: ENOSPC after 1 bytes\nafter: ok\n", run.stdout, run.stderr);
            assertEquals(0, run.exitCode(), run.stderr);
            assertEquals("kept across the full disk\n", read(fs, "/keep.txt"));
            assertEquals("written after freeing space\n".repeat(100), read(fs, "/after.txt"));
            fs.close();
            SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
            assertTrue(report.consistent(), report.problems().toString());
        }
        try (SqlStore again = openStore()) { // what was synced survives reopening
            FilesystemInterface fs = again.openFilesystem(Tenant.DEFAULT);
            assertEquals("kept across the full disk\n", read(fs, "/keep.txt"));
            assertEquals(
                    2800,
                    fs.getattr(new PathResolver(fs, fs.rootIno(), PathResolver.Confinement.ROOTED)
                                    .resolve("/after.txt", true)
                                    .existing()
                                    .ino())
                            .size());
            fs.close();
        }
    }

    private static String read(FilesystemInterface fs, String path) {
        long ino = new PathResolver(fs, fs.rootIno(), PathResolver.Confinement.ROOTED)
                .resolve(path, true)
                .existing()
                .ino();
        byte[] buf = new byte[(int) fs.getattr(ino).size()];
        int n = fs.read(ino, 0, buf, 0, buf.length);
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
