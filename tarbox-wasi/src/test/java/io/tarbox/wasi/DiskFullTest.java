package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.path.PathResolver;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.SmallDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite file on a real filesystem that fills up (a 12 MB tmpfs): the program's write fails
 * with ENOSPC (not EIO), it deletes its big file and goes on writing, what it synced before is
 * intact, and the tree stays consistent.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void theProgramGetsEnospcFreesSpaceAndGoesOn() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), 12)) {
            Path db = disk.dir().resolve("tarbox.db");
            try (SqlStore store = SqlStore.openSqlite(db)) {
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
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
            try (SqlStore again = SqlStore.openSqlite(db)) { // what was synced survives reopening
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
