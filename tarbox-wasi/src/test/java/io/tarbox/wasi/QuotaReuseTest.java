package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program under a quota deletes a file and writes another as large: the deleted file's space is
 * back at once, not when the run ends; a file deleted while the program holds it open keeps its
 * data (and its space) until the descriptor is closed. {@code quota/reuse.c}. Run on SQLite and
 * PostgreSQL.
 */
abstract class QuotaReuseTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** A store on a fresh database. */
    abstract SqlStore openStore();

    @Test
    void deletedFilesGiveTheirQuotaBackWhileTheProgramRuns() throws Exception {
        try (SqlStore store = openStore()) {
            store.createTenant("q");
            store.setQuota("q", OptionalLong.of(3 * MIB)); // one file of 2 MiB and a little, not two
            try (FilesystemInterface fs = store.openFilesystem("q")) {
                GuestRun run = GuestRun.run(
                        RunOptions.builder(GuestRun.resource("quota/reuse.wasm")),
                        "reuse.wasm",
                        List.of(Preopen.of(fs, "/data")),
                        "",
                        "2");
                assertEquals(
                        "a: ok\nb: ok\nc while b held: ENOSPC\nb read while unlinked: intact\nc: ok\n",
                        run.stdout,
                        run.stderr);
                assertEquals(0, run.exitCode(), run.stderr);
            }
            assertEquals(2 * MIB, store.usage("q").usedBytes(), "c.bin alone is stored");
            SqlFsck.Report report = store.fsck("q");
            assertTrue(report.consistent(), report.problems().toString());
        }
    }
}
