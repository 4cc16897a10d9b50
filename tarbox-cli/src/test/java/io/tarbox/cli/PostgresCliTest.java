package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line over PostgreSQL (a fresh database per test): {@code init} and {@code db status},
 * URLs in both forms, passwords from the URL, {@code PGPASSWORD} and a password file never shown,
 * and exit code 5 for a database that cannot be reached or is newer than this Tarbox.
 */
class PostgresCliTest {
    private static final String SECRET = "s3cret-Pa55";

    @TempDir
    Path dir;

    private PostgresTestDatabase database;
    private Cli cli;

    @BeforeEach
    void setUp() {
        database = PostgresTestDatabase.create();
        cli = new Cli(dir);
        cli.env.put("TARBOX_DB", database.url());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static void noSecret(Cli.Result result) {
        assertFalse(result.out().contains(SECRET) || result.err().contains(SECRET), result.toString());
    }

    @Test
    void initCreatesTheSchemaAndDbStatusShowsIt() throws Exception {
        assertTrue(cli.ok("init").contains("Tarbox database ready: " + database.url()));
        String status = cli.ok("db", "status");
        assertTrue(status.contains("backend: postgresql\n"), status);
        assertTrue(status.contains("location: " + database.url() + "\n"), status);
        assertTrue(status.contains("schema version: " + SqlStore.supportedSchemaVersion() + "\n"), status);
        assertTrue(status.contains("tenants: 1\n"), status);
        String json = cli.ok("db", "status", "--json");
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertEquals("postgresql", parsed.get("backend").asText(), json);
        assertEquals(
                SqlStore.supportedSchemaVersion(), parsed.get("schemaVersion").asInt(), json);

        cli.ok("--db", database.jdbcUrl(), "mkdir", "/from-jdbc-url");
        cli.runWithInput("hello".getBytes(StandardCharsets.UTF_8), "put", "-", "/from-jdbc-url/f");
        assertEquals("hello", cli.ok("cat", "/from-jdbc-url/f"));
    }

    @Test
    void aPasswordIsNeverPrinted() throws Exception {
        // The local server trusts every connection, so any password is accepted: what matters is
        // that none appears in output or messages.
        String withPassword = database.url().replace("postgres@", "postgres:" + SECRET + "@");
        Cli.Result status = cli.run("--db", withPassword, "db", "status");
        assertEquals(0, status.code(), status.toString());
        noSecret(status);
        assertTrue(status.out().contains("postgres:***@"), status.out());

        cli.env.put("PGPASSWORD", SECRET);
        Cli.Result fromEnv = cli.run("db", "status");
        assertEquals(0, fromEnv.code(), fromEnv.toString());
        noSecret(fromEnv);
        cli.env.remove("PGPASSWORD");

        Path file = Files.writeString(dir.resolve("pgpass"), SECRET + "\nignored\n");
        Cli.Result fromFile = cli.run("--db-password-file", file.toString(), "db", "status");
        assertEquals(0, fromFile.code(), fromFile.toString());
        noSecret(fromFile);

        Cli.Result missingFile =
                cli.run("--db-password-file", dir.resolve("none").toString(), "db", "status");
        assertEquals(ExitCodes.NOT_FOUND, missingFile.code(), missingFile.toString());

        Cli.Result unreachable = cli.run("--db", "postgresql://postgres:" + SECRET + "@127.0.0.1:1/nowhere", "ls", "/");
        assertEquals(ExitCodes.STORAGE, unreachable.code(), unreachable.toString());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
        assertTrue(unreachable.err().contains("postgres:***@127.0.0.1:1/nowhere"), unreachable.err());
        noSecret(unreachable);

        cli.env.put("TARBOX_DB_PASSWORD_FILE", file.toString());
        Cli.Result unreachableJdbc = cli.run("--db", "jdbc:postgresql://127.0.0.1:1/nowhere?user=postgres", "ls", "/");
        assertEquals(ExitCodes.STORAGE, unreachableJdbc.code(), unreachableJdbc.toString());
        noSecret(unreachableJdbc);
    }

    @Test
    void aDatabaseFromANewerTarboxIsRefused() throws Exception {
        cli.ok("init");
        try (Connection c = DriverManager.getConnection(database.jdbcUrl());
                Statement st = c.createStatement()) {
            st.execute("UPDATE flyway_schema_history SET version = '99' WHERE version = '2'");
        }
        Cli.Result result = cli.run("db", "status");
        assertEquals(ExitCodes.STORAGE, result.code(), result.toString());
        assertTrue(
                result.err()
                        .contains("schema version 99, newer than this Tarbox supports ("
                                + SqlStore.supportedSchemaVersion() + ")"),
                result.err());
    }
}
