package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.storage.testing.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AtomicRunTest} on PostgreSQL, a fresh database per test; and what only PostgreSQL can tell:
 * that another process has the tenant open (SQLite does not track processes, see docs/storage.md).
 */
class PostgresAtomicRunTest extends AtomicRunTest {
    private PostgresTestDatabase database;

    @Override
    void useDatabase(Cli cli) {
        database = PostgresTestDatabase.create();
        cli.env.put("TARBOX_DB", database.url());
    }

    @Test
    void snapshotsWaitForNoOtherProcessToHaveTheTenantOpen() throws Exception {
        cli.ok("snapshot", "create", "s0");
        Process process = tarbox("run", "--dir", "/work::/data", module, "--", "spin", "/data");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("changed", out.readLine(), () -> "stderr: " + stderr(process));
            Cli.Result create = cli.run("snapshot", "create", "now");
            assertEquals(ExitCodes.CONFLICT, create.code(), create.toString());
            assertEquals("tarbox: snapshot create: the tenant is open in another process\n", create.err());
            Cli.Result restore = cli.run("snapshot", "restore", "s0");
            assertEquals(ExitCodes.CONFLICT, restore.code(), restore.toString());
        } finally {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        cli.ok("snapshot", "create", "now");
        assertEquals("rewritten by the run\n", cli.ok("cat", "/work/a.txt"));
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
