package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox fsck} on trees damaged on purpose (rows changed behind Tarbox's back): one line per
 * problem and exit 14; {@code --repair} fixes link counts and dangling entries and says so, and
 * leaves lost data reported; {@code --json}; {@code --all}. Run on SQLite and PostgreSQL.
 */
abstract class FsckCommandTest {
    @TempDir
    Path dir;

    /** Points the CLI at the backend's database. */
    abstract void useDatabase(Cli cli);

    /** The database as {@code StoreFactory.open} takes it (a SQLite file or a PostgreSQL URL). */
    abstract String location();

    /** A connection to that database, as its owner (past row-level security). */
    abstract Connection connect() throws SQLException;

    private Cli setUp() throws Exception {
        Cli cli = new Cli(dir);
        useDatabase(cli);
        cli.ok("init");
        cli.ok("mkdir", "/d");
        Path small = dir.resolve("small.txt");
        Files.writeString(small, "small\n");
        cli.ok("put", small.toString(), "/d/a.txt");
        cli.ok("put", small.toString(), "/d/b.txt");
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        Path bigFile = dir.resolve("big.bin");
        Files.write(bigFile, big);
        cli.ok("put", bigFile.toString(), "/d/c.bin");
        return cli;
    }

    private long tenantId(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM tenants WHERE name = 'default'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long ino(Connection c, long tenant, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT ino FROM dirents WHERE tenant_id = ? AND name = ?")) {
            st.setLong(1, tenant);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(Connection c, String sql, long... values) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setLong(i + 1, values[i]);
            }
            assertTrue(st.executeUpdate() > 0, sql);
        }
    }

    @Test
    void aCleanTreeIsOneSummaryLineAndExit0() throws Exception {
        Cli cli = setUp();
        Cli.Result fsck = cli.run("fsck");
        assertEquals(0, fsck.code(), fsck.toString());
        assertTrue(fsck.out().matches("default: clean, \\d+ inodes, 0 orphans waiting to be freed\n"), fsck.out());
        Cli.Result all = cli.run("fsck", "--all", "--json");
        assertEquals(0, all.code(), all.toString());
        JsonNode parsed = new ObjectMapper().readTree(all.out());
        assertTrue(parsed.get("consistent").asBoolean());
        assertEquals("default", parsed.get("tenants").get(0).get("tenant").asText());
    }

    @Test
    void damageIsReportedThenRepairedWithoutGuessing() throws Exception {
        Cli cli = setUp();
        long a;
        long b;
        try (Connection c = connect()) {
            long tenant = tenantId(c);
            a = ino(c, tenant, "a.txt");
            b = ino(c, tenant, "b.txt");
            long big = ino(c, tenant, "c.bin");
            execute(c, "UPDATE inodes SET nlink = 5 WHERE tenant_id = ? AND ino = ?", tenant, a);
            execute(c, "DELETE FROM inodes WHERE tenant_id = ? AND ino = ?", tenant, b);
            execute(
                    c,
                    "DELETE FROM chunks WHERE tenant_id = ? AND hash IN (SELECT hash FROM file_chunks"
                            + " WHERE tenant_id = ? AND ino = ? AND idx = 1)",
                    tenant,
                    tenant,
                    big);
        }
        Cli.Result fsck = cli.run("fsck");
        assertEquals(ExitCodes.INCONSISTENT, fsck.code(), fsck.toString());
        String out = fsck.out();
        assertTrue(out.contains("default: wrong-link-count: inode " + a + " has nlink 5 but 1 entries\n"), out);
        assertTrue(out.contains("default: dangling-entry: entry 'b.txt' in "), out);
        assertTrue(out.contains("default: missing-chunk: chunk 1 of inode "), out);
        assertTrue(out.lines().reduce((x, y) -> y).orElseThrow().startsWith("default: 3 problems, "), out);

        Cli.Result json = cli.run("fsck", "--json");
        assertEquals(ExitCodes.INCONSISTENT, json.code(), json.toString());
        JsonNode parsed = new ObjectMapper().readTree(json.out());
        assertEquals(3, parsed.get("tenants").get(0).get("problems").size(), json.out());

        Cli.Result repair = cli.run("fsck", "--repair");
        assertEquals(ExitCodes.INCONSISTENT, repair.code(), repair.toString()); // the lost chunk stays lost
        assertTrue(repair.out().contains("default: repaired: set the nlink of inode " + a + " to 1\n"), repair.out());
        assertTrue(repair.out().contains("default: repaired: removed entry 'b.txt' in "), repair.out());
        assertTrue(repair.out().contains("default: missing-chunk: "), repair.out());
        assertTrue(
                repair.out().lines().reduce((x, y) -> y).orElseThrow().startsWith("default: 1 problem, "),
                repair.out());
        assertEquals("small\n", cli.ok("cat", "/d/a.txt"));
        assertEquals("a.txt\nc.bin\n", cli.ok("ls", "/d"));

        cli.ok("rm", "/d/c.bin"); // the user gives up the damaged file
        Cli.Result after = cli.run("fsck");
        assertEquals(0, after.code(), after.toString());
    }

    @Test
    void anUnknownTenantIsNotFound() throws Exception {
        Cli cli = setUp();
        Cli.Result fsck = cli.run("--tenant", "nobody", "fsck");
        assertEquals(ExitCodes.NOT_FOUND, fsck.code(), fsck.toString());
        assertEquals(1, fsck.err().lines().count(), fsck.err());
    }

    @Test
    void aRepairWithATreeOpenIsRefusedWithExit4AndChangesNothing() throws Exception {
        Cli cli = setUp();
        try (Connection c = connect()) {
            long tenant = tenantId(c);
            execute(c, "UPDATE inodes SET nlink = 7 WHERE tenant_id = ? AND ino = ?", tenant, ino(c, tenant, "a.txt"));
        }
        try (io.tarbox.core.store.TarboxStore store = io.tarbox.storage.StoreFactory.open(location());
                io.tarbox.core.fs.FilesystemInterface tree = store.openFilesystem("default")) {
            Cli.Result repair = cli.run("fsck", "--repair");
            assertEquals(ExitCodes.CONFLICT, repair.code(), repair.toString());
            assertEquals(1, repair.err().lines().count(), repair.err());
            assertTrue(repair.err().contains("open"), repair.err());
            tree.create(tree.rootIno(), "still-usable", 0644, true);
            tree.syncAll();
        }
        Cli.Result check = cli.run("fsck");
        assertEquals(ExitCodes.INCONSISTENT, check.code(), check.toString()); // the refused repair changed nothing
        Cli.Result repair = cli.run("fsck", "--repair");
        assertEquals(0, repair.code(), repair.toString()); // and once the tree is closed it repairs
        assertTrue(repair.out().contains("repaired: set the nlink"), repair.out());
    }
}
