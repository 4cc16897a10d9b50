package io.tarbox.storage.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A freshly created PostgreSQL database for one test, dropped again on {@link #close()}, so runs never
 * see each other's data.
 *
 * <p>The server is {@code TARBOX_TEST_PG_ADMIN} (a JDBC URL of a database to connect to for
 * CREATE/DROP DATABASE), by default the local server with trust auth. When no server answers the
 * test is skipped with a loud message on stderr, except under {@code CI=true}, where it fails:
 * CI must never count a PostgreSQL suite that did not run as passed.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    private static final String ADMIN_URL = System.getenv().getOrDefault(
            "TARBOX_TEST_PG_ADMIN", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final String HOST_PORT = System.getenv().getOrDefault("TARBOX_TEST_PG_HOST", "127.0.0.1:5432");

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates a new empty database, or skips (fails under CI) the calling test. */
    public static PostgresTestDatabase create() {
        String name = "tarbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + ADMIN_URL + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ": under CI=true the PostgreSQL suites must run");
            }
            System.err.println("\n*** SKIPPED PostgreSQL test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        return new PostgresTestDatabase(name);
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** A {@code postgresql://} URL as users type it for {@code --db}. */
    public String url() {
        return "postgresql://postgres@" + HOST_PORT + "/" + name;
    }

    /** A {@code jdbc:postgresql:} URL. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST_PORT + "/" + name + "?user=postgres";
    }

    /** A {@code jdbc:postgresql:} URL that connects as {@code role} (trust auth: no password). */
    public String jdbcUrlAs(String role) {
        return "jdbc:postgresql://" + HOST_PORT + "/" + name + "?user=" + role;
    }

    /** A {@code postgresql://} URL that connects as {@code role}, as users type it for {@code --db}. */
    public String urlAs(String role) {
        return "postgresql://" + role + "@" + HOST_PORT + "/" + name;
    }

    /**
     * Drops roles (cluster-wide objects; drop the databases they own objects in first). A role
     * that does not exist is no failure.
     */
    public static void dropRoles(java.util.Collection<String> roles) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            for (String role : roles) {
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test roles " + roles + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
