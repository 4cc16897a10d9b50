package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes that both hold a tenant open and both ask, again and again at the same moments,
 * whether they are alone in it ({@link SqliteTenantLocks#aloneIn}, what the orphan sweep and the
 * release of a deleted file's last descriptor ask): neither may ever hear yes. Each gives up its
 * shared lock for a moment to try the exclusive one; without the probe byte that serialises those
 * moments, both could give theirs up at once, and one would free data the other still reads.
 * File locks belong to a whole JVM, so only a second process can race this.
 */
class SqliteTenantLocksRaceTest {
    private static final long TENANT = 7;
    private static final int ASKS = 20_000;

    @TempDir
    Path dir;

    @Test
    void twoProcessesAskingAtOnceNeverBothThinkThemselvesAlone() throws Exception {
        Path db = Files.createFile(dir.resolve("tarbox.db"));
        SqliteTenantLocks.join(db, TENANT);
        try {
            Process child = ChildJvm.start(Prober.class, List.of("-Xmx64m"), db.toString());
            try (BufferedReader out =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                    PrintStream in = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
                assertEquals("JOINED", out.readLine());
                in.println("GO");
                int aloneHere = ask(db);
                int aloneThere = Integer.parseInt(out.readLine());
                in.println("DONE"); // it holds the tenant until both have asked
                assertEquals(
                        0,
                        aloneHere + aloneThere,
                        "times a process took itself for the tenant's only one" + " (here " + aloneHere
                                + ", in the other process " + aloneThere + ")");
            } finally {
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            assertEquals(0, child.exitValue());
        } finally {
            SqliteTenantLocks.leave(db, TENANT);
        }
    }

    @Test
    void aProcessAloneInTheTenantIsToldSo() throws Exception {
        Path db = Files.createFile(dir.resolve("tarbox.db"));
        SqliteTenantLocks.join(db, TENANT);
        try {
            assertEquals(true, SqliteTenantLocks.aloneIn(db, TENANT));
        } finally {
            SqliteTenantLocks.leave(db, TENANT);
        }
    }

    /** How many of {@link #ASKS} asks answered "alone". */
    private static int ask(Path db) throws Exception {
        int alone = 0;
        for (int i = 0; i < ASKS; i++) {
            if (SqliteTenantLocks.aloneIn(db, TENANT)) {
                alone++;
            }
        }
        return alone;
    }

    /**
     * The other process: joins the tenant, says so, waits for GO, asks, prints how often it was
     * alone, and holds the tenant open until DONE.
     */
    static final class Prober {
        public static void main(String[] args) throws Exception {
            Path db = Path.of(args[0]);
            SqliteTenantLocks.join(db, TENANT);
            System.out.println("JOINED");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            in.readLine();
            System.out.println(ask(db));
            System.out.flush();
            in.readLine();
            SqliteTenantLocks.leave(db, TENANT);
        }
    }
}
