package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cookies fd_readdir hands a guest tell it nothing about other tenants (in a SQL store the
 * contract's cookies are row ids shared by every tenant), and a listing read through a small buffer,
 * call after call from the last cookie, has every entry once. Run on SQLite and PostgreSQL.
 */
abstract class ReaddirCookiesTest {
    private static final int OURS = 10;
    private static final int THEIRS = 200;

    @TempDir
    Path dir;

    /** A store on a fresh database. */
    abstract SqlStore openStore();

    @Test
    void cookiesCountOnlyWhatTheGuestListedAndResumeTheListing() throws Exception {
        try (SqlStore store = openStore()) {
            store.createTenant("other");
            List<String> expected = new ArrayList<>(List.of(". 1", ".. 2"));
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                for (int i = 0; i < OURS; i++) {
                    fs.create(fs.rootIno(), "ours" + i, 0644, true);
                }
            }
            List<String> first = list(store);
            for (int i = 0; i < OURS; i++) {
                expected.add(first.get(2 + i).split(" ")[0] + " " + (3 + i));
            }
            assertEquals(expected, first, "each entry once, numbered from 3 in listing order");

            try (FilesystemInterface other = store.openFilesystem("other")) {
                for (int i = 0; i < THEIRS; i++) {
                    other.create(other.rootIno(), "theirs" + i, 0644, true);
                }
            }
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                fs.create(fs.rootIno(), "later", 0644, true);
            }
            expected.add("later " + (3 + OURS));
            assertEquals(expected, list(store), "the other tenant's " + THEIRS + " files show in no cookie");
        }
    }

    private static List<String> list(SqlStore store) throws Exception {
        try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            GuestRun run = GuestRun.run(
                    "cookies/cookies.wasm", List.of(Preopen.of(fs, "/data")), Engine.COMPILER, "", "/data");
            assertEquals(0, run.exitCode(), run.stderr);
            return run.stdout.lines().toList();
        }
    }
}
