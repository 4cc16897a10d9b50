package io.tarbox.storage.sql;

import io.tarbox.storage.StorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * Brings a database to the schema version this Tarbox knows. Flyway applies the versioned
 * migrations under {@code db/migration/<dialect>}, but starting Flyway costs hundreds of
 * milliseconds, so one cheap query reads the version first and Flyway only runs for a new or older
 * database. A database from a newer Tarbox is refused rather than misread, and one that holds other
 * tables but no Tarbox schema is refused before anything in it changes.
 */
final class Schema {
    /** The version of the newest migration in src/main/resources/db/migration. */
    static final int LATEST = 8;

    private Schema() {}

    /**
     * Makes sure the database behind {@code connection} has the latest schema; returns the version
     * it had (0: a new database, which the caller then gives its default tenant).
     *
     * @param dataSource how Flyway reaches the same database when it has to run
     * @throws StorageException SCHEMA_TOO_NEW, NOT_TARBOX, or a failure to migrate
     */
    static int prepare(SqlDialect dialect, String location, Connection connection, DataSource dataSource) {
        int version;
        try {
            version = readVersion(connection);
        } catch (SQLException e) {
            throw dialect.openFailure(location, e); // e.g. a role that may not read the schema's history
        }
        if (version == LATEST) {
            return version;
        }
        if (version == 0 && hasTables(dialect, location, connection)) {
            throw new StorageException(
                    StorageException.Reason.NOT_TARBOX, "not a Tarbox database (it holds other tables): " + location);
        }
        if (version > LATEST) {
            throw new StorageException(
                    StorageException.Reason.SCHEMA_TOO_NEW,
                    "database " + location + " has schema version " + version + ", newer than this Tarbox supports ("
                            + LATEST + "): upgrade Tarbox");
        }
        if (version == 0) {
            try {
                dialect.prepareNewDatabase(connection);
            } catch (SQLException e) {
                throw dialect.openFailure(location, e);
            }
        }
        migrate(dialect, location, dataSource);
        return version;
    }

    /** The highest successfully applied version, or 0 when the database has no Tarbox schema yet. */
    static int currentVersion(Connection connection) {
        try {
            return readVersion(connection);
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * As {@link #currentVersion}, but a history table that exists and cannot be read (no privilege)
     * is a failure, not a new database.
     */
    private static int readVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
            int max = 0;
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null) {
                    max = Math.max(max, parseVersion(v));
                }
            }
            return max;
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw e;
            }
            return 0; // no history table: a new (or foreign) database; Flyway tells which
        }
    }

    /** Whether the database holds any table; a SQLite file that is not a database fails here. */
    private static boolean hasTables(SqlDialect dialect, String location, Connection connection) {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(dialect.tableCount())) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw dialect.openFailure(location, e);
        }
    }

    private static int parseVersion(String v) {
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a version scheme we do not know can only come from elsewhere
        }
    }

    private static void migrate(SqlDialect dialect, String location, DataSource dataSource) {
        LogFactory.setLogCreator(type -> QuietLog.INSTANCE);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            String message = SqlDialect.firstLine(e.getMessage());
            if (e.getCause() instanceof SQLException sql) {
                throw dialect.openFailure(location, sql);
            }
            throw new StorageException(
                    StorageException.Reason.FAILED, "cannot prepare the schema of " + location + ": " + message, e);
        }
    }

    /** Flyway reports progress on stdout by default; Tarbox's stdout belongs to the program it runs. */
    private enum QuietLog implements Log {
        INSTANCE;

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public void error(String message, Exception e) {}

        @Override
        public void notice(String message) {}
    }
}
