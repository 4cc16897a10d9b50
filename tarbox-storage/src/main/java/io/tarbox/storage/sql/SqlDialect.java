package io.tarbox.storage.sql;

import io.tarbox.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything that differs between the SQL databases Tarbox stores in: how to connect, how to start
 * a write transaction, where the migrations are, how to read driver errors. Every other class of
 * this package writes SQL that SQLite and PostgreSQL both accept (standard SQL plus
 * {@code INSERT ... ON CONFLICT}). A location is a file path for SQLite and a {@code jdbc:postgresql:}
 * URL for PostgreSQL.
 */
public enum SqlDialect {
    SQLITE {
        @Override
        Connection connect(String location) throws SQLException {
            SQLiteConfig config = new SQLiteConfig();
            // FULL: every commit fsyncs the WAL, so sync(ino) means durable even on power loss.
            // Commits are grouped (see GroupCommit), so the fsync is paid per batch, not per write.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(10_000);
            config.setGetGeneratedKeys(false); // else every INSERT prepares a second query
            config.setTempStore(SQLiteConfig.TempStore.MEMORY);
            config.setCacheSize(-16_384); // KiB of page cache (native memory, not Java heap)
            return config.createConnection("jdbc:sqlite:" + location);
        }

        @Override
        DataSource dataSource(String location) {
            SQLiteDataSource source = new SQLiteDataSource();
            source.setUrl("jdbc:sqlite:" + location);
            return source;
        }

        @Override
        String tableCount() {
            return "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        }

        @Override
        void useDurableJournal(Connection connection) throws SQLException {
            // WAL: readers never block the writer and a commit appends to one file. The mode is
            // stored in the database file, so every later connection uses it too.
            try (var st = connection.createStatement(); var rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("cannot switch the database to WAL mode");
                }
            }
        }

        @Override
        String beginWrite() {
            // IMMEDIATE takes the write lock at once: a deferred transaction that first read could
            // not be upgraded once another connection had committed (SQLITE_BUSY_SNAPSHOT).
            return "BEGIN IMMEDIATE";
        }

        @Override
        String migrations() {
            return "classpath:db/migration/sqlite";
        }

        @Override
        StorageException openFailure(String location, SQLException e) {
            SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
            if (code != null) {
                switch (code) {
                    case SQLITE_NOTADB:
                    case SQLITE_CORRUPT:
                        return new StorageException(StorageException.Reason.NOT_A_DATABASE,
                                "not a SQLite database: " + location, e);
                    case SQLITE_READONLY:
                    case SQLITE_READONLY_DBMOVED:
                    case SQLITE_READONLY_RECOVERY:
                    case SQLITE_READONLY_CANTLOCK:
                    case SQLITE_READONLY_ROLLBACK:
                    case SQLITE_PERM:
                        return new StorageException(StorageException.Reason.NOT_WRITABLE,
                                "database is not writable: " + location, e);
                    case SQLITE_CANTOPEN:
                        return new StorageException(StorageException.Reason.UNREACHABLE,
                                "cannot open database " + location + (Files.isDirectory(Path.of(location))
                                        ? ": it is a directory" : ""), e);
                    case SQLITE_BUSY:
                    case SQLITE_LOCKED:
                        return new StorageException(StorageException.Reason.FAILED,
                                "database is locked by another process: " + location, e);
                    default:
                        break;
                }
            }
            return new StorageException(StorageException.Reason.FAILED,
                    "cannot use database " + location + ": " + firstLine(e.getMessage()), e);
        }
    },

    POSTGRESQL {
        @Override
        Connection connect(String location) throws SQLException {
            return DriverManager.getConnection(location);
        }

        @Override
        DataSource dataSource(String location) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(location);
            return source;
        }

        @Override
        String tableCount() {
            return "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()";
        }

        @Override
        void useDurableJournal(Connection connection) {
            // PostgreSQL's write-ahead log is always on; commits wait for it (synchronous_commit).
        }

        @Override
        String beginWrite() {
            return "BEGIN";
        }

        @Override
        String migrations() {
            return "classpath:db/migration/postgresql";
        }

        @Override
        StorageException openFailure(String location, SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String detail = firstLine(e.getMessage());
            if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")) {
                return new StorageException(StorageException.Reason.UNREACHABLE,
                        "cannot connect to database " + location + ": " + detail, e);
            }
            if (state.equals("25006") || state.equals("42501")) {
                return new StorageException(StorageException.Reason.NOT_WRITABLE,
                        "database is not writable: " + location + ": " + detail, e);
            }
            return new StorageException(StorageException.Reason.FAILED,
                    "cannot use database " + location + ": " + detail, e);
        }
    };

    /** Opens a connection in auto-commit mode with this database's settings applied. */
    abstract Connection connect(String location) throws SQLException;

    /** A data source for Flyway, which opens its own connections. */
    abstract DataSource dataSource(String location);

    /** A query for the number of tables in the database (or its current schema). */
    abstract String tableCount();

    /**
     * Makes commits durable and concurrent readers cheap; called once the database is known to be
     * a Tarbox store, so a foreign database is never changed.
     */
    abstract void useDurableJournal(Connection connection) throws SQLException;

    /** The statement that starts a write transaction; "COMMIT" and "ROLLBACK" end it everywhere. */
    abstract String beginWrite();

    /** The Flyway location of this dialect's migrations. */
    abstract String migrations();

    /**
     * Turns a failure to open or migrate into a one-line error for users; {@code location} is the
     * one shown to users (without a password).
     */
    abstract StorageException openFailure(String location, SQLException e);

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
