package io.tarbox.storage.sql;

import io.tarbox.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Properties;
import java.util.SortedSet;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.jdbc4.JDBC4Connection;

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
            // The connection itself, not through org.sqlite.JDBC: loading that class registers it
            // with DriverManager, which first loads every JDBC driver on the class path (6 ms of
            // each run's start, profiled), as for PostgreSQL below.
            Connection connection = new JDBC4Connection(
                    "jdbc:sqlite:" + location, location, settings().toProperties());
            // The store's WalCheckpointer copies the log on a thread of its own; SQLite's own
            // checkpoints, inside the committing thread, only if that falls far behind.
            try (var st = connection.createStatement()) {
                st.execute("PRAGMA wal_autocheckpoint = " + WalCheckpointer.SAFETY_NET_PAGES);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        }

        /** The settings of every connection, the migrations' included (they create the file). */
        private static SQLiteConfig settings() {
            SQLiteConfig config = new SQLiteConfig();
            // FULL: every commit fsyncs the WAL, so sync(ino) means durable even on power loss.
            // Commits are grouped (see GroupCommit), so the fsync is paid per batch, not per write.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(10_000);
            config.setGetGeneratedKeys(false); // else every INSERT prepares a second query
            config.setTempStore(SQLiteConfig.TempStore.MEMORY);
            config.setCacheSize(-16_384); // KiB of page cache (native memory, not Java heap)
            // Pages of a new file (an existing one keeps its own): 16 KiB rather than 4 takes a
            // quarter of the log writes and checkpoint copies per MiB of file data, and costs
            // metadata nothing measurable (docs/benchmarks.md, "bigio").
            config.setPageSize(16_384);
            return config;
        }

        @Override
        DataSource dataSource(String location, String role) {
            SQLiteDataSource source = new SQLiteDataSource(settings());
            source.setUrl("jdbc:sqlite:" + location);
            return source;
        }

        @Override
        String tableCount() {
            return "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        }

        @Override
        void prepareNewDatabase(Connection connection) throws SQLException {
            // Auto-vacuum can only be chosen before the first table. INCREMENTAL keeps the map of
            // pages that lets freed pages be given back on demand (WalCheckpointer, after a full
            // disk) without moving pages at every commit as FULL would. VACUUM writes the empty
            // file's header with it, before Flyway's own connection creates the tables.
            try (var st = connection.createStatement()) {
                st.execute("PRAGMA auto_vacuum = INCREMENTAL");
                st.execute("VACUUM");
            }
        }

        @Override
        void useDurableJournal(Connection connection) throws SQLException {
            // WAL: readers never block the writer and a commit appends to one file. The mode is
            // stored in the database file, so every later connection uses it too.
            try (var st = connection.createStatement();
                    var rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("cannot switch the database to WAL mode");
                }
            }
        }

        @Override
        void beginWrite(Statements sql) throws SQLException {
            // IMMEDIATE takes the write lock at once: a deferred transaction that first read could
            // not be upgraded once another connection had committed (SQLITE_BUSY_SNAPSHOT). In
            // turn with other writers, so that one writing without pause does not starve them.
            SqliteWriterTurns.beginWrite(sql, database(sql));
        }

        @Override
        String migrations() {
            return "classpath:db/migration/sqlite";
        }

        @Override
        String lockRows() {
            return ""; // the write transaction holds the database's one write lock already
        }

        @Override
        boolean savepointPerStep() {
            return false; // one writer at a time: no deadlock, and BUSY only where nothing began
        }

        @Override
        String insertEntryWithInode() {
            return null;
        }

        @Override
        long beginSole(Statements sql, long tenant) {
            return -1; // no savepoints to save, and a query of the version costs no round trip
        }

        @Override
        String inNumbers(String column) {
            return column + " IN (SELECT value FROM json_each(?))";
        }

        @Override
        void bindNumbers(Statements sql, PreparedStatement st, int index, Collection<Long> numbers)
                throws SQLException {
            StringJoiner array = new StringJoiner(",", "[", "]");
            numbers.forEach(n -> array.add(Long.toString(n)));
            st.setString(index, array.toString());
        }

        @Override
        void lockInodes(Statements sql, long tenant, long layer, SortedSet<Long> inos) {
            // the write transaction holds the database's one write lock
        }

        @Override
        boolean isTransient(SQLException e) {
            // BUSY (and its extended codes): the write lock stayed taken past the busy timeout.
            return e instanceof SQLiteException s
                    && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
        }

        @Override
        boolean isFull(SQLException e) {
            return e instanceof SQLiteException s
                    && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code;
        }

        @Override
        long allocateInodeBlock(Statements sql, StoreConnection store, long tenant, int size) throws SQLException {
            // Inside the write transaction, which holds SQLite's one write lock anyway.
            PreparedStatement bump = sql.get("UPDATE tenants SET next_ino = next_ino + ? WHERE id = ?");
            bump.setLong(1, size);
            bump.setLong(2, tenant);
            bump.executeUpdate();
            PreparedStatement read = sql.get("SELECT next_ino FROM tenants WHERE id = ?");
            read.setLong(1, tenant);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getLong(1) - size;
            }
        }

        @Override
        void scope(Statements sql, long tenant) {
            // SQLite has no row-level security: every statement's tenant_id is the only wall.
        }

        @Override
        String tenants() {
            return "tenants";
        }

        @Override
        long reserveTenantId(Statements sql) throws SQLException {
            // Inside the write transaction. AUTOINCREMENT's counter remembers the largest id ever
            // used, so an id is never handed out twice, even after its tenant was deleted.
            try (ResultSet rs = sql.get(
                            "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'tenants'), 0) + 1")
                    .executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        void holdRun(Statements sql, String runId) {
            // the runs row names the process (host:pid); see runIsLive
        }

        @Override
        void releaseRun(Statements sql, String runId) {}

        @Override
        Boolean runIsLive(Statements sql, String runId, String owner) {
            if (owner == null) {
                return null;
            }
            if (ScratchOwner.isGone(owner)) {
                return false;
            }
            return ScratchOwner.isLocal(owner) ? Boolean.TRUE : null;
        }

        @Override
        io.tarbox.core.fs.FsError errorOf(SQLException e) {
            // RAISE(ABORT) of a trigger: the audit trail's guards (migrations V4, V6)
            if (e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER) {
                return io.tarbox.core.fs.FsError.NOT_PERMITTED;
            }
            return isFull(e) ? io.tarbox.core.fs.FsError.NO_SPACE : io.tarbox.core.fs.FsError.IO;
        }

        @Override
        void joinTenant(Statements sql, long tenant) throws SQLException {
            // One writer at a time: SQLite's write lock already orders every change. SQLite has
            // no row-level security: every statement's tenant_id is the only wall. Who has the
            // tenant open is told by file locks beside the database.
            SqliteTenantLocks.join(database(sql), tenant);
        }

        @Override
        void leaveTenant(Statements sql, long tenant) throws SQLException {
            SqliteTenantLocks.leave(database(sql), tenant);
        }

        @Override
        boolean tryExclusiveTenant(Statements sql, long tenant) throws SQLException {
            return SqliteTenantLocks.aloneIn(database(sql), tenant);
        }

        @Override
        boolean exclusiveTenantLastsTheTransaction() {
            return false; // a look at the file locks: another process may join right after it
        }

        @Override
        boolean tryNoTreeOpen(Statements sql, long tenant) throws SQLException {
            return SqliteTenantLocks.nobodyIn(database(sql), tenant);
        }

        @Override
        boolean tryHoldTenantAlone(Statements sql, long tenant) throws SQLException {
            return SqliteTenantLocks.tryHoldAlone(database(sql), tenant);
        }

        @Override
        void releaseTenantAlone(Statements sql, long tenant) throws SQLException {
            SqliteTenantLocks.releaseAlone(database(sql), tenant);
        }

        @Override
        boolean tryHoldJoinedTenantAlone(Statements sql, long tenant) throws SQLException {
            return SqliteTenantLocks.tryUpgrade(database(sql), tenant);
        }

        @Override
        void releaseJoinedTenantAlone(Statements sql, long tenant) throws SQLException {
            SqliteTenantLocks.downgrade(database(sql), tenant);
        }

        @Override
        void holdScratch(Statements sql, long tenant, long layer) throws SQLException {
            SqliteScratchLocks.hold(database(sql), scratchKey(tenant, layer));
        }

        @Override
        void releaseScratch(Statements sql, long tenant, long layer) throws SQLException {
            SqliteScratchLocks.release(database(sql), scratchKey(tenant, layer));
        }

        @Override
        boolean scratchOwnerGone(Statements sql, long tenant, long layer) throws SQLException {
            return SqliteScratchLocks.ownerGone(database(sql), scratchKey(tenant, layer));
        }

        /** The database file of a connection made by {@link #connect}. */
        private Path database(Statements sql) throws SQLException {
            return Path.of(sql.connection().getMetaData().getURL().substring("jdbc:sqlite:".length()));
        }

        @Override
        void lockChunkReferences(Statements sql, long tenant) {
            // BEGIN IMMEDIATE: no other transaction runs while this one inserts or collects chunks
        }

        @Override
        boolean tryLockChunkCollection(Statements sql, long tenant) {
            return true;
        }

        @Override
        StorageException openFailure(String location, SQLException e) {
            SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
            if (code != null) {
                switch (code) {
                    case SQLITE_NOTADB:
                    case SQLITE_CORRUPT:
                        return new StorageException(
                                StorageException.Reason.NOT_A_DATABASE, "not a SQLite database: " + location, e);
                    case SQLITE_READONLY:
                    case SQLITE_READONLY_DBMOVED:
                    case SQLITE_READONLY_RECOVERY:
                    case SQLITE_READONLY_CANTLOCK:
                    case SQLITE_READONLY_ROLLBACK:
                    case SQLITE_PERM:
                        return new StorageException(
                                StorageException.Reason.NOT_WRITABLE, "database is not writable: " + location, e);
                    case SQLITE_CANTOPEN:
                        return new StorageException(
                                StorageException.Reason.UNREACHABLE,
                                "cannot open database " + location
                                        + (Files.isDirectory(Path.of(location)) ? ": it is a directory" : ""),
                                e);
                    case SQLITE_BUSY:
                    case SQLITE_LOCKED:
                        return new StorageException(
                                StorageException.Reason.FAILED,
                                "database is locked by another process: " + location,
                                e);
                    default:
                        break;
                }
            }
            return new StorageException(
                    StorageException.Reason.FAILED,
                    "cannot use database " + location + ": " + firstLine(e.getMessage()),
                    e);
        }
    },

    POSTGRESQL {
        @Override
        Connection connect(String location) throws SQLException {
            // The driver itself, not DriverManager: that first loads every JDBC driver on the class
            // path through the ServiceLoader (18 ms of each PostgreSQL run's start, profiled).
            Connection connection = PostgresDriver.INSTANCE.connect(location, new Properties());
            if (connection == null) {
                throw new SQLException("not a jdbc:postgresql: URL", "08001");
            }
            return connection;
        }

        @Override
        DataSource dataSource(String location, String role) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(location);
            if (role != null) {
                source.setOptions("-c role=" + role); // the objects Flyway creates belong to the role
            }
            return source;
        }

        @Override
        String tableCount() {
            return "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()";
        }

        @Override
        void prepareNewDatabase(Connection connection) {
            // nothing to choose before the tables: PostgreSQL gives dead rows' space back by VACUUM
        }

        @Override
        void useDurableJournal(Connection connection) {
            // PostgreSQL's write-ahead log is always on; commits wait for it (synchronous_commit).
        }

        @Override
        void beginWrite(Statements sql) throws SQLException {
            sql.execute("BEGIN");
        }

        @Override
        String migrations() {
            return "classpath:db/migration/postgresql";
        }

        @Override
        String lockRows() {
            return " FOR UPDATE";
        }

        @Override
        boolean savepointPerStep() {
            return true;
        }

        @Override
        String insertEntryWithInode() {
            // A round trip per created file saved (fsmeta: a fifth of its statements).
            return "WITH d AS (INSERT INTO dirents (tenant_id, layer_id, parent, name, ino) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING RETURNING ino) INSERT INTO inodes (tenant_id, ino, layer_id, type, mode,"
                    + " nlink, size, atime_ns, mtime_ns, ctime_ns, symlink_target) SELECT ?, d.ino, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                    + " FROM d";
        }

        @Override
        long beginSole(Statements sql, long tenant) throws SQLException {
            // Every tree holds USERS_LOCK shared for as long as it is open (joinTenant); the
            // exclusive one is granted only when no other session holds it or waits for it, and
            // it holds back other trees' joinTenant (not the store's try-locks) until this
            // transaction ends, at most GroupCommit.MAX_AGE_NANOS and the commit later. A tree
            // that waits to open is queued, so the next transaction's try fails and it gets in.
            PreparedStatement st =
                    sql.get("SELECT pg_try_advisory_xact_lock(?, ?), (SELECT version FROM tenants WHERE id = ?)");
            st.setInt(1, USERS_LOCK);
            st.setInt(2, (int) tenant);
            st.setLong(3, tenant);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return -1;
                }
                long version = rs.getLong(2);
                if (rs.wasNull()) {
                    throw new SQLException("tenant " + tenant + " has been deleted");
                }
                return version;
            }
        }

        @Override
        String inNumbers(String column) {
            return column + " = ANY(?)";
        }

        @Override
        void bindNumbers(Statements sql, PreparedStatement st, int index, Collection<Long> numbers)
                throws SQLException {
            st.setArray(index, sql.connection().createArrayOf("bigint", numbers.toArray()));
        }

        @Override
        void lockInodes(Statements sql, long tenant, long layer, SortedSet<Long> inos) throws SQLException {
            PreparedStatement st = sql.get("SELECT ino FROM inodes WHERE tenant_id = ? AND layer_id = ? AND "
                    + inNumbers("ino") + " ORDER BY ino FOR UPDATE");
            st.setLong(1, tenant);
            st.setLong(2, layer);
            bindNumbers(sql, st, 3, inos);
            st.executeQuery().close();
        }

        @Override
        boolean isTransient(SQLException e) {
            // deadlock_detected, serialization_failure: the server rolled back a statement that
            // would succeed once the other transaction is done.
            return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
        }

        @Override
        boolean isFull(SQLException e) {
            return "53100".equals(e.getSQLState()); // disk_full
        }

        @Override
        long allocateInodeBlock(Statements sql, StoreConnection store, long tenant, int size) throws SQLException {
            // The tenant's own counter (migration V6: numbers per tenant), moved in a transaction
            // of its own on the store's connection: the tenant's row is locked for this one
            // statement, not until the tree's transaction commits, so creators in other processes
            // never wait for each other (the reason V2 had a sequence shared by all tenants).
            return store.apart(tenant, apart -> {
                PreparedStatement st =
                        apart.get("UPDATE tenants SET next_ino = next_ino + ? WHERE id = ? RETURNING next_ino - ?");
                st.setLong(1, size);
                st.setLong(2, tenant);
                st.setLong(3, size);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("tenant " + tenant + " has been deleted");
                    }
                    return rs.getLong(1);
                }
            });
        }

        @Override
        void scope(Statements sql, long tenant) throws SQLException {
            // Names the tenant for the row-level security policies (migration V6): with none named
            // the connection sees no tenant's rows (a per-tenant role only ever sees its own).
            PreparedStatement scope = sql.get("SELECT set_config('tarbox.tenant_id', ?, false)");
            scope.setString(1, tenant == NO_TENANT ? "" : Long.toString(tenant));
            scope.executeQuery().close();
        }

        @Override
        String tenants() {
            return "tarbox_tenants()"; // every tenant is behind the wall: see migration V6
        }

        @Override
        long reserveTenantId(Statements sql) throws SQLException {
            try (ResultSet rs = sql.get("SELECT nextval(pg_get_serial_sequence('tenants', 'id'))")
                    .executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        void holdRun(Statements sql, String runId) throws SQLException {
            // A session lock for as long as the run's process holds its connection: when the
            // process dies, the server ends the session and the lock goes with it.
            advisory(sql, "SELECT pg_advisory_lock(?, ?)", RUNS_LOCK, runId.hashCode());
        }

        @Override
        void releaseRun(Statements sql, String runId) throws SQLException {
            advisory(sql, "SELECT pg_advisory_unlock(?, ?)", RUNS_LOCK, runId.hashCode());
        }

        @Override
        Boolean runIsLive(Statements sql, String runId, String owner) throws SQLException {
            if (owner == null) {
                return null; // recorded before Tarbox knew (schema version 5)
            }
            if (!advisory(sql, "SELECT pg_try_advisory_lock(?, ?)", RUNS_LOCK, runId.hashCode())) {
                return true;
            }
            advisory(sql, "SELECT pg_advisory_unlock(?, ?)", RUNS_LOCK, runId.hashCode());
            return false;
        }

        @Override
        io.tarbox.core.fs.FsError errorOf(SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            return switch (state) {
                case "42501" -> io.tarbox.core.fs.FsError.NOT_PERMITTED; // privileges, the audit guards
                case "22023" -> io.tarbox.core.fs.FsError.INVALID; // tarbox_prune_audit's refusals
                case "53100" -> io.tarbox.core.fs.FsError.NO_SPACE; // disk_full
                default -> io.tarbox.core.fs.FsError.IO;
            };
        }

        @Override
        void joinTenant(Statements sql, long tenant) throws SQLException {
            // The row-level security policies (migration V2) hold this connection to the tenant.
            // The tree's statements are lookups by key (a name in a directory, an inode, a file's
            // chunks): an index scan, or a nested loop of them, is the right plan at any table size.
            // The planner's own choice depends on the statistics, and those of a table analyzed
            // while it was near empty (ANALYZE, autovacuum, a VACUUM after a run deleted everything)
            // make it scan the table or a whole layer instead, once per lookup: fsmeta 1000 took
            // 20-30 ms per lookup after VACUUM ANALYZE. So this session never picks those plans
            // (they stay possible where no index fits). One round trip with the tenant and the lock.
            PreparedStatement join = sql.get("SELECT set_config('tarbox.tenant_id', ?, false),"
                    + " set_config('enable_seqscan', 'off', false), set_config('enable_bitmapscan', 'off', false),"
                    + " set_config('enable_hashjoin', 'off', false), set_config('enable_mergejoin', 'off', false),"
                    + " pg_advisory_lock_shared(?, ?)");
            join.setString(1, Long.toString(tenant));
            join.setInt(2, USERS_LOCK);
            join.setInt(3, (int) tenant);
            join.executeQuery().close();
        }

        @Override
        void leaveTenant(Statements sql, long tenant) throws SQLException {
            // Released here, not left to the connection's close: the server ends a session after
            // the client has gone, so a tree opened right after would still find the lock held.
            advisory(sql, "SELECT pg_advisory_unlock_shared(?, ?)", USERS_LOCK, tenant);
        }

        @Override
        boolean tryExclusiveTenant(Statements sql, long tenant) throws SQLException {
            // Conflicts with the shared lock every other process on the tenant holds, not with ours.
            return advisory(sql, "SELECT pg_try_advisory_xact_lock(?, ?)", USERS_LOCK, tenant);
        }

        @Override
        boolean exclusiveTenantLastsTheTransaction() {
            return true; // the lock keeps others from joining until the commit
        }

        @Override
        boolean tryNoTreeOpen(Statements sql, long tenant) throws SQLException {
            // From the store's connection, which holds no shared lock: conflicts with every tree's.
            return advisory(sql, "SELECT pg_try_advisory_xact_lock(?, ?)", USERS_LOCK, tenant);
        }

        @Override
        boolean tryHoldTenantAlone(Statements sql, long tenant) throws SQLException {
            // A session lock, across the repair's transactions; trees wait in joinTenant's shared lock.
            return advisory(sql, "SELECT pg_try_advisory_lock(?, ?)", USERS_LOCK, tenant);
        }

        @Override
        void releaseTenantAlone(Statements sql, long tenant) throws SQLException {
            advisory(sql, "SELECT pg_advisory_unlock(?, ?)", USERS_LOCK, tenant);
        }

        @Override
        boolean tryHoldJoinedTenantAlone(Statements sql, long tenant) throws SQLException {
            // The exclusive session lock conflicts with the shared one of every other session (and
            // with one queued), not with this session's own: the same statement as for the store.
            return tryHoldTenantAlone(sql, tenant);
        }

        @Override
        void releaseJoinedTenantAlone(Statements sql, long tenant) throws SQLException {
            releaseTenantAlone(sql, tenant);
        }

        @Override
        void holdScratch(Statements sql, long tenant, long layer) throws SQLException {
            // A session lock: held by the run's own connection until released or the session ends
            // (the process died: the server ends the session when the connection drops).
            scratchLock(sql, "SELECT pg_advisory_lock(?)", scratchKey(tenant, layer));
        }

        @Override
        void releaseScratch(Statements sql, long tenant, long layer) throws SQLException {
            scratchLock(sql, "SELECT pg_advisory_unlock(?)", scratchKey(tenant, layer));
        }

        @Override
        boolean scratchOwnerGone(Statements sql, long tenant, long layer) throws SQLException {
            return scratchLock(sql, "SELECT pg_try_advisory_xact_lock(?)", scratchKey(tenant, layer));
        }

        /**
         * Runs an advisory lock function on a scratch layer's key: the single 64-bit key form, whose
         * key space PostgreSQL keeps apart from the two-key form of {@link #USERS_LOCK} and
         * {@link #CHUNKS_LOCK}; Tarbox uses it for nothing else.
         */
        private boolean scratchLock(Statements sql, String query, long key) throws SQLException {
            PreparedStatement st = sql.get(query);
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Object result = rs.getObject(1);
                return !(result instanceof Boolean b) || b;
            }
        }

        @Override
        void lockChunkReferences(Statements sql, long tenant) throws SQLException {
            advisory(sql, "SELECT pg_advisory_xact_lock_shared(?, ?)", CHUNKS_LOCK, tenant);
        }

        @Override
        boolean tryLockChunkCollection(Statements sql, long tenant) throws SQLException {
            return advisory(sql, "SELECT pg_try_advisory_xact_lock(?, ?)", CHUNKS_LOCK, tenant);
        }

        private boolean advisory(Statements sql, String query, int space, long key) throws SQLException {
            PreparedStatement st = sql.get(query);
            st.setInt(1, space);
            st.setInt(2, (int) key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Object result = rs.getObject(1);
                return !(result instanceof Boolean b) || b;
            }
        }

        @Override
        StorageException openFailure(String location, SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String detail = firstLine(e.getMessage());
            if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")) {
                return new StorageException(
                        StorageException.Reason.UNREACHABLE,
                        "cannot connect to database " + location + ": " + detail,
                        e);
            }
            if (state.equals("25006") || state.equals("42501")) {
                return new StorageException(
                        StorageException.Reason.NOT_WRITABLE,
                        "database is not writable: " + location + ": " + detail,
                        e);
            }
            return new StorageException(
                    StorageException.Reason.FAILED, "cannot use database " + location + ": " + detail, e);
        }
    };

    /*
     * PostgreSQL advisory lock keys. The two-key form (space, tenant id) serves the tenant-wide locks
     * below; the single 64-bit key form is a separate key space and holds scratch layers (key: the
     * layer id, see holdScratch). The two never collide.
     */

    /** Advisory lock space (first key) of "a process has the tenant open" (second key: tenant id). */
    static final int USERS_LOCK = 0x7462_0001;
    /** Advisory lock space of "a transaction refers to chunks" versus "a transaction collects them". */
    static final int CHUNKS_LOCK = 0x7462_0002;
    /** Advisory lock space of "this run's process is alive" (second key: the run id's hash). */
    static final int RUNS_LOCK = 0x7462_0003;
    /** For {@link #scope}: no tenant (the connection then sees no tenant's rows). */
    static final long NO_TENANT = 0;

    /** Opens a connection in auto-commit mode with this database's settings applied. */
    abstract Connection connect(String location) throws SQLException;

    /** PostgreSQL's JDBC driver, loaded only when a PostgreSQL store is opened. */
    private static final class PostgresDriver {
        static final org.postgresql.Driver INSTANCE = new org.postgresql.Driver();
    }

    /**
     * A data source for Flyway, which opens its own connections; on PostgreSQL they act as
     * {@code role} when it is not null.
     */
    abstract DataSource dataSource(String location, String role);

    /** {@link #dataSource(String, String)} acting as the connecting user. */
    DataSource dataSource(String location) {
        return dataSource(location, null);
    }

    /** A query for the number of tables in the database (or its current schema). */
    abstract String tableCount();

    /** Sets what must be set before a new database's first table; the migrations follow. */
    abstract void prepareNewDatabase(Connection connection) throws SQLException;

    /**
     * Makes commits durable and concurrent readers cheap; called once the database is known to be
     * a Tarbox store, so a foreign database is never changed.
     */
    abstract void useDurableJournal(Connection connection) throws SQLException;

    /** Starts a write transaction; "COMMIT" and "ROLLBACK" end it everywhere. */
    abstract void beginWrite(Statements sql) throws SQLException;

    /** The Flyway location of this dialect's migrations. */
    abstract String migrations();

    /**
     * One statement that adds an entry to {@code dirents} and, only if the name was free in that
     * layer, the inode it names to {@code inodes}: parameters tenant, layer, parent, name, ino,
     * then the inode's tenant, layer, type, mode, nlink, size, atime, mtime, ctime, symlink
     * target; one row inserted or none. Null where the dialect cannot (SQLite: no changes in a
     * WITH), or where it would save nothing (no round trips there).
     */
    abstract String insertEntryWithInode();

    /**
     * Called right after {@link #beginWrite} by a tree: when no other tree (of any process) has the
     * tenant open, keeps every other tree from opening it until this transaction ends and returns
     * the tenant's version (see {@link TenantVersion}), which then cannot change before this
     * transaction commits; otherwise -1. Such a transaction needs neither a savepoint per step
     * (no other transaction locks the tenant's rows, so no deadlock can break a step) nor a query
     * of the version per {@code refresh} (nobody else commits). The caller may keep it at -1.
     */
    abstract long beginSole(Statements sql, long tenant) throws SQLException;

    /**
     * What ends a {@code SELECT} inside a write transaction that must read the latest committed row
     * and keep others from changing it until the commit: {@code FOR UPDATE} on PostgreSQL, nothing
     * on SQLite (whose write transaction already excludes every other writer).
     */
    abstract String lockRows();

    /**
     * Whether each step (operation, commit) of an open write transaction sets a savepoint before its
     * first change, so that a transient failure rolls back that step alone (PostgreSQL, where one
     * transaction can be chosen to break a deadlock with another).
     */
    abstract boolean savepointPerStep();

    /**
     * A condition that {@code column} is one of a set of numbers, given as one parameter bound by
     * {@link #bindNumbers}: a statement for any number of them (PostgreSQL: {@code = ANY} of an
     * array; SQLite: {@code IN} the values of a JSON array).
     */
    abstract String inNumbers(String column);

    /** Binds {@code numbers} to the parameter of {@link #inNumbers}. */
    abstract void bindNumbers(Statements sql, PreparedStatement st, int index, Collection<Long> numbers)
            throws SQLException;

    /**
     * Inside the write transaction: locks the rows of {@code inos} in layer {@code layer}, in
     * ascending order, until the transaction ends (PostgreSQL: one {@code SELECT ... FOR UPDATE};
     * nothing on SQLite, whose write transaction excludes every other writer).
     */
    abstract void lockInodes(Statements sql, long tenant, long layer, SortedSet<Long> inos) throws SQLException;

    /**
     * Whether a statement failed for a reason that goes away when tried again after the other
     * transactions involved are done: a deadlock or serialization failure (PostgreSQL), a database
     * that stayed busy past the busy timeout (SQLite).
     */
    abstract boolean isTransient(SQLException e);

    /**
     * Whether {@code e} says the storage is full (SQLite's SQLITE_FULL, as its VFS reports ENOSPC;
     * PostgreSQL's disk_full): the write is refused with NO_SPACE and the tree stays usable.
     */
    abstract boolean isFull(SQLException e);

    /**
     * Reserves {@code size} inode numbers of {@code tenant}; returns the first. Called inside the
     * tree's write transaction on {@code sql}; {@code store} runs a step outside it.
     */
    abstract long allocateInodeBlock(Statements sql, StoreConnection store, long tenant, int size) throws SQLException;

    /**
     * Names the tenant whose rows the connection works on ({@link #NO_TENANT}: none), for the
     * row-level security of PostgreSQL; a no-op where every statement's tenant_id is the only wall.
     */
    abstract void scope(Statements sql, long tenant) throws SQLException;

    /** What to select {@code id, name, created_ns} of the tenants a session may know of from. */
    abstract String tenants();

    /** A new tenant's id, never used before; inside the write transaction that inserts it. */
    abstract long reserveTenantId(Statements sql) throws SQLException;

    /** Marks the run as alive for as long as this connection lives (see {@link #runIsLive}). */
    abstract void holdRun(Statements sql, String runId) throws SQLException;

    /** Undoes {@link #holdRun} when the run has ended. */
    abstract void releaseRun(Statements sql, String runId) throws SQLException;

    /**
     * Whether a run that never recorded its end still runs: true, false (its process is gone), or
     * null when that cannot be told ({@code owner}, the process's host:pid, is on another host, or
     * unknown).
     */
    abstract Boolean runIsLive(Statements sql, String runId, String owner) throws SQLException;

    /** The contract error a failed statement means: NOT_PERMITTED for a refusal of the database's guards. */
    abstract io.tarbox.core.fs.FsError errorOf(SQLException e);

    /**
     * Dedicates the connection to the tenant for as long as it lives: records that this process has
     * the tenant open, and (PostgreSQL) restricts the connection to the tenant's rows.
     */
    abstract void joinTenant(Statements sql, long tenant) throws SQLException;

    /** Undoes {@link #joinTenant}, before the connection is closed. */
    abstract void leaveTenant(Statements sql, long tenant) throws SQLException;

    /**
     * Inside a transaction: whether no other tree of the tenant is open (in another process, or
     * another connection of this one), so that unlinked inodes can be freed without pulling them
     * from under another process's open descriptors, and a snapshot never freezes a layer someone
     * else is writing. PostgreSQL also keeps others from joining until the transaction ends; on
     * SQLite a tree that joins meanwhile is stopped by the commit's layer check (GroupCommit).
     */
    abstract boolean tryExclusiveTenant(Statements sql, long tenant) throws SQLException;

    /**
     * Whether a yes from {@link #tryExclusiveTenant} stays true until the transaction ends, so that
     * asking once per transaction is enough.
     */
    abstract boolean exclusiveTenantLastsTheTransaction();

    /**
     * Inside a transaction on a connection that has not joined the tenant (the store's): whether no
     * tree of the tenant is open anywhere, this process included.
     */
    abstract boolean tryNoTreeOpen(Statements sql, long tenant) throws SQLException;

    /**
     * On a connection that has not joined the tenant (the store's), outside a transaction: takes
     * the tenant to this connection alone, when no tree of it is open anywhere, until
     * {@link #releaseTenantAlone}. Meanwhile a tree of the tenant opening (here or in another
     * process) waits in {@link #joinTenant}, and snapshots and {@link #tryNoTreeOpen} find it
     * taken. PostgreSQL: the exclusive session advisory lock; SQLite: the exclusive file lock
     * ({@link SqliteTenantLocks}).
     */
    abstract boolean tryHoldTenantAlone(Statements sql, long tenant) throws SQLException;

    /** Undoes {@link #tryHoldTenantAlone}. */
    abstract void releaseTenantAlone(Statements sql, long tenant) throws SQLException;

    /**
     * On a tree's connection, which has joined the tenant: what {@link #tryHoldTenantAlone} does,
     * when this tree is the only one of the tenant open anywhere, until
     * {@link #releaseJoinedTenantAlone} (or the tree leaves). Meanwhile no other tree can open the
     * tenant, so none can commit to it ({@link io.tarbox.core.fs.FilesystemInterface#holdAlone}).
     */
    abstract boolean tryHoldJoinedTenantAlone(Statements sql, long tenant) throws SQLException;

    /** Undoes {@link #tryHoldJoinedTenantAlone}. */
    abstract void releaseJoinedTenantAlone(Statements sql, long tenant) throws SQLException;

    /**
     * Marks scratch layer {@code layer} as owned by the run of this connection for as long as the
     * connection lives (until {@link #releaseScratch}): PostgreSQL, a session-level advisory lock on
     * the layer's {@link #scratchKey}; SQLite, a file lock on it ({@link SqliteScratchLocks}). Neither
     * can be mistaken for another process's, as a recorded host name and pid can (two containers
     * with one host name).
     */
    abstract void holdScratch(Statements sql, long tenant, long layer) throws SQLException;

    /** Undoes {@link #holdScratch} once the layer is published, discarded or left for {@code gc}. */
    abstract void releaseScratch(Statements sql, long tenant, long layer) throws SQLException;

    /**
     * Inside a transaction on the store's connection: whether the run that owned scratch layer
     * {@code layer} is over (nobody holds it, in any process or on any host), so that {@code gc}
     * may delete the layer.
     */
    abstract boolean scratchOwnerGone(Statements sql, long tenant, long layer) throws SQLException;

    /**
     * The one lock key of a scratch layer: layer ids are numbered per tenant (migration V6), so the
     * tenant's id goes in the high half. Tenant ids are never reused, nor layer ids within a tenant.
     */
    static long scratchKey(long tenant, long layer) {
        if (tenant < 0 || tenant >= 1L << 31 || layer < 0 || layer >= 1L << 32) {
            throw new IllegalArgumentException("no scratch lock key for tenant " + tenant + ", layer " + layer);
        }
        return tenant << 32 | layer;
    }

    /**
     * Inside the write transaction, before it inserts chunks or refers to them: waits for any
     * transaction that collects the tenant's chunks, and keeps new ones from starting until this
     * one ends (a collector must never see a chunk as unreferenced while another transaction is
     * about to refer to it).
     */
    abstract void lockChunkReferences(Statements sql, long tenant) throws SQLException;

    /** Inside the write transaction: whether chunks may be collected now (no other transaction refers). */
    abstract boolean tryLockChunkCollection(Statements sql, long tenant) throws SQLException;

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
