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
    private static final String ADMIN_URL = System.getenv()
            .getOrDefault("TARBOX_TEST_PG_ADMIN", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final String HOST_PORT = System.getenv().getOrDefault("TARBOX_TEST_PG_HOST", "127.0.0.1:5432");

    private final String name;
    /** The small disk under the database's tablespace ({@link #createOnSmallDisk}), or null. */
    private final SmallDisk disk;

    private PostgresTestDatabase(String name, SmallDisk disk) {
        this.name = name;
        this.disk = disk;
    }

    /** Creates a new empty database, or skips (fails under CI) the calling test. */
    public static PostgresTestDatabase create() {
        String name =
                "tarbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(ADMIN_URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + ADMIN_URL + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ": under CI=true the PostgreSQL suites must run");
            }
            System.err.println("\n*** SKIPPED PostgreSQL test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        return new PostgresTestDatabase(name, null);
    }

    /**
     * Creates a new empty database whose tablespace lies on a tmpfs of {@code megabytes} (a
     * {@link SmallDisk}, owned by the server's OS user {@code postgres}): its tables and indexes fill
     * up a real disk, while the server's write-ahead log stays in the data directory. The server
     * must run on this machine. Skips (fails under CI) like {@link #create()} and {@link SmallDisk}.
     * {@link #close()} drops the database and the tablespace and unmounts the disk.
     */
    public static PostgresTestDatabase createOnSmallDisk(int megabytes)
            throws java.io.IOException, InterruptedException {
        String name =
                "tarbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), name);
        try (Connection c = DriverManager.getConnection(ADMIN_URL)) {
            c.isValid(5);
        } catch (SQLException e) {
            create().close(); // skips or fails as create() does
        }
        SmallDisk disk = SmallDisk.mount(dir, megabytes);
        boolean made = false;
        try {
            Process chown = new ProcessBuilder("chown", "postgres:postgres", dir.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(chown.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (chown.waitFor() != 0) {
                String message = "cannot give the small disk to the postgres OS user (" + out.strip() + ")";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(message + ": under CI=true the full-disk tests must run");
                }
                System.err.println("\n*** SKIPPED full-disk test: " + message + " ***\n");
                Assumptions.abort(message);
            }
            try (Connection c = DriverManager.getConnection(ADMIN_URL);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLESPACE " + name + " LOCATION '" + dir + "'");
                s.execute("CREATE DATABASE " + name + " TABLESPACE " + name);
            } catch (SQLException e) {
                Assertions.fail("cannot create a database in a tablespace on " + dir + ": " + e.getMessage(), e);
            }
            made = true;
            return new PostgresTestDatabase(name, disk);
        } finally {
            if (!made) {
                dropTablespace(name);
                disk.close();
                java.nio.file.Files.deleteIfExists(dir);
            }
        }
    }

    private static void dropTablespace(String name) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("DROP TABLESPACE IF EXISTS " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not drop test database and tablespace " + name + ": " + e.getMessage(), e);
        }
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
        try (Connection c = DriverManager.getConnection(ADMIN_URL);
                Statement s = c.createStatement()) {
            for (String role : roles) {
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test roles " + roles + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (disk != null) {
            try {
                dropTablespace(name);
            } finally {
                try {
                    disk.close();
                    java.nio.file.Files.deleteIfExists(disk.dir());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("could not unmount " + disk.dir() + ": " + e.getMessage(), e);
                }
            }
            return;
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
