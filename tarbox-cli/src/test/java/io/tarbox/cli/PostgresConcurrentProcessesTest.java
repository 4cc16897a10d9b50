package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fourteen {@code tarbox} processes on one tenant of one PostgreSQL database, all started at once:
 * imports into sibling directories (with data shared between them), puts into one directory,
 * renames out of one directory into another, and two processes racing to rename the same file.
 * Afterwards every file and byte is checked, exactly one racer won, and the tree is consistent.
 */
class PostgresConcurrentProcessesTest {
    private static final int IMPORTERS = 4;
    private static final int FILES_PER_IMPORT = 40;
    private static final int PUTTERS = 4;
    private static final int MOVERS = 4;

    @TempDir
    Path dir;

    /** File j of importer i: every fourth one is the same for all importers (so chunks deduplicate). */
    private static byte[] content(int i, int j) {
        boolean common = j % 4 == 0;
        byte[] data = new byte[common ? 100_000 + j : 50 + j * 997 % 20_000];
        new Random(common ? j : i * 1000L + j).nextBytes(data);
        return data;
    }

    @Test
    void concurrentTarboxProcessesLoseNothing() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            Cli cli = new Cli(dir);
            cli.env.put("TARBOX_DB", database.url());
            cli.ok("mkdir", "-p", "/imp", "/shared", "/src", "/dst");
            for (int m = 0; m < MOVERS; m++) {
                cli.runWithInput(("move " + m).getBytes(), "put", "-", "/src/a" + m);
            }
            cli.runWithInput("token".getBytes(), "put", "-", "/src/token");

            Map<String, Process> processes = new LinkedHashMap<>();
            for (int i = 0; i < IMPORTERS; i++) {
                Path host = Files.createDirectories(dir.resolve("host" + i));
                for (int j = 0; j < FILES_PER_IMPORT; j++) {
                    Files.write(host.resolve("f" + j), content(i, j));
                }
            }
            for (int p = 0; p < PUTTERS; p++) {
                Files.write(dir.resolve("put" + p), content(100 + p, 1));
            }
            for (int i = 0; i < IMPORTERS; i++) {
                processes.put(
                        "import " + i,
                        tarbox(database, "import", dir.resolve("host" + i).toString(), "/imp/p" + i));
            }
            for (int p = 0; p < PUTTERS; p++) {
                processes.put(
                        "put " + p,
                        tarbox(database, "put", dir.resolve("put" + p).toString(), "/shared/f" + p));
            }
            for (int m = 0; m < MOVERS; m++) {
                processes.put("mv " + m, tarbox(database, "mv", "/src/a" + m, "/dst/a" + m));
            }
            processes.put("race 0", tarbox(database, "mv", "/src/token", "/dst/token-0"));
            processes.put("race 1", tarbox(database, "mv", "/src/token", "/dst/token-1"));

            List<String> raceWinners = new ArrayList<>();
            for (Map.Entry<String, Process> e : processes.entrySet()) {
                Process process = e.getValue();
                assertTrue(process.waitFor(3, TimeUnit.MINUTES), e.getKey() + " did not finish");
                String err = new String(process.getErrorStream().readAllBytes());
                if (e.getKey().startsWith("race")) {
                    if (process.exitValue() == 0) {
                        raceWinners.add(e.getKey());
                    } else {
                        assertEquals(ExitCodes.NOT_FOUND, process.exitValue(), e.getKey() + ": " + err);
                    }
                } else {
                    assertEquals(0, process.exitValue(), e.getKey() + ": " + err);
                }
            }
            assertEquals(1, raceWinners.size(), "exactly one rename of /src/token wins: " + raceWinners);
            String winner = "token-" + raceWinners.get(0).substring(5);

            for (int i = 0; i < IMPORTERS; i++) {
                for (int j = 0; j < FILES_PER_IMPORT; j++) {
                    assertArrayEquals(
                            content(i, j),
                            cli.run("cat", "/imp/p" + i + "/f" + j).stdout(),
                            "p" + i + "/f" + j);
                }
            }
            for (int p = 0; p < PUTTERS; p++) {
                assertArrayEquals(
                        content(100 + p, 1), cli.run("cat", "/shared/f" + p).stdout());
            }
            for (int m = 0; m < MOVERS; m++) {
                assertEquals("move " + m, cli.ok("cat", "/dst/a" + m));
            }
            assertEquals("", cli.ok("ls", "/src"));
            assertEquals("a0\na1\na2\na3\n" + winner + "\n", cli.ok("ls", "/dst"));
            assertEquals("f0\nf1\nf2\nf3\n", cli.ok("ls", "/shared"));
            assertEquals("p0\np1\np2\np3\n", cli.ok("ls", "/imp"));

            try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
                SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
                assertTrue(report.consistent(), () -> report.problems().toString());
            }
        }
    }

    /** {@code java -cp <this test's classpath> io.tarbox.cli.Main --db URL args...}, started now. */
    private Process tarbox(PostgresTestDatabase database, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--db",
                database.url()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().remove("TARBOX_DB");
        return builder.start();
    }
}
