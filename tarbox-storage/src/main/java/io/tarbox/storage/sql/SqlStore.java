package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.GcResult;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A Tarbox store in a SQL database. The store keeps one connection for tenant management; each
 * {@link #openFilesystem opened filesystem} gets its own, which it closes with itself. Closing the
 * store closes (and so commits) the filesystems still open.
 */
public final class SqlStore implements TarboxStore {
    private final SqlDialect dialect;
    /** Where to connect (for PostgreSQL a URL that may hold a password). */
    private final String location;
    /** {@link #location} as shown to users. */
    private final String shown;
    private final Connection connection;
    private final Statements sql;
    private final TenantTable tenants;
    private final Set<SqlFilesystem> open = new HashSet<>();
    private boolean closed;

    private SqlStore(SqlDialect dialect, String location, String shown, Connection connection) {
        this.dialect = dialect;
        this.location = location;
        this.shown = shown;
        this.connection = connection;
        this.sql = new Statements(connection);
        this.tenants = new TenantTable(sql);
    }

    /**
     * Opens the SQLite store in {@code file}, creating the file, its parent directories, the schema
     * and the default tenant as needed.
     *
     * @throws StorageException when the file cannot be used as a Tarbox store
     */
    public static SqlStore openSqlite(Path file) {
        String location = file.toString();
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.UNREACHABLE,
                    "cannot create the directory of database " + location + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            throw new StorageException(StorageException.Reason.UNREACHABLE,
                    "cannot open database " + location + ": it is a directory");
        }
        return open(SqlDialect.SQLITE, location, location);
    }

    /**
     * Opens the PostgreSQL store at {@code jdbcUrl} (a {@code jdbc:postgresql:} URL with any
     * credentials as parameters), creating the schema and the default tenant as needed.
     *
     * @param shown the location for messages, without a password
     * @throws StorageException when the database cannot be reached or used as a Tarbox store
     */
    public static SqlStore openPostgres(String jdbcUrl, String shown) {
        return open(SqlDialect.POSTGRESQL, jdbcUrl, shown);
    }

    private static SqlStore open(SqlDialect dialect, String location, String shown) {
        Connection connection;
        try {
            connection = dialect.connect(location);
        } catch (SQLException e) {
            throw dialect.openFailure(shown, e);
        }
        try {
            Schema.prepare(dialect, shown, connection, dialect.dataSource(location));
            try {
                dialect.useDurableJournal(connection);
            } catch (SQLException e) {
                throw dialect.openFailure(shown, e);
            }
            SqlStore store = new SqlStore(dialect, location, shown, connection);
            store.ensureDefaultTenant();
            return store;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public String location() {
        return shown;
    }

    /** The database kind: {@code sqlite} or {@code postgresql}. */
    public String backend() {
        return dialect == SqlDialect.SQLITE ? "sqlite" : "postgresql";
    }

    /** The schema version of the database (after opening, always {@link #supportedSchemaVersion()}). */
    public synchronized int schemaVersion() {
        if (closed) {
            throw new FsException(FsError.IO, "store is closed");
        }
        return Schema.currentVersion(connection);
    }

    /** The newest schema version this Tarbox knows. */
    public static int supportedSchemaVersion() {
        return Schema.LATEST;
    }

    @Override
    public synchronized List<Tenant> listTenants() {
        return run(tenants::list);
    }

    @Override
    public synchronized Optional<Tenant> findTenant(String name) {
        return Optional.ofNullable(run(() -> tenants.find(name)));
    }

    @Override
    public synchronized Tenant createTenant(String name) {
        if (!Tenant.isValidName(name)) {
            throw new FsException(FsError.INVALID, "invalid tenant name '" + name + "'");
        }
        return transaction(() -> {
            if (tenants.find(name) != null) {
                throw new FsException(FsError.EXISTS, "tenant exists: " + name);
            }
            return tenants.insert(name, now());
        });
    }

    @Override
    public synchronized void deleteTenant(String name) {
        transaction(() -> {
            Tenant tenant = tenants.find(name);
            if (tenant == null) {
                throw new FsException(FsError.NOT_FOUND, "no such tenant: " + name);
            }
            tenants.delete(tenant.id());
            return null;
        });
    }

    @Override
    public synchronized void setQuota(String tenant, OptionalLong bytes) {
        if (bytes.isPresent() && bytes.getAsLong() < 0) {
            throw new FsException(FsError.INVALID, "a quota cannot be negative: " + bytes.getAsLong());
        }
        transaction(() -> {
            Quota.setQuota(sql, existingTenant(tenant).id(), bytes);
            return null;
        });
    }

    @Override
    public synchronized TenantUsage usage(String tenant) {
        return run(() -> {
            long id = existingTenant(tenant).id();
            return new TenantUsage(Quota.usage(sql, id), Quota.quota(sql, id));
        });
    }

    private Tenant existingTenant(String name) throws SQLException {
        Tenant tenant = tenants.find(name);
        if (tenant == null) {
            throw new FsException(FsError.NOT_FOUND, "no such tenant: " + name);
        }
        return tenant;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Open one filesystem per tenant at a time: two instances of one tenant do not see each
     * other's cached rows or uncommitted changes.
     */
    @Override
    public synchronized LayeredFilesystem openFilesystem(String tenant) {
        return open(tenant, new SqlFilesystem.Tree());
    }

    @Override
    public synchronized LayeredFilesystem openScratch(String tenant) {
        return open(tenant, new SqlFilesystem.Scratch(ScratchOwner.current()));
    }

    @Override
    public synchronized FilesystemInterface openSnapshot(String tenant, String snapshot) {
        long id = tenantId(tenant);
        Snapshot found = run(() -> new LayerTable(sql, id).findSnapshot(snapshot));
        if (found == null) {
            throw new FsException(FsError.NOT_FOUND, "no such snapshot: " + snapshot);
        }
        return open(tenant, new SqlFilesystem.View(found.layer()));
    }

    private SqlFilesystem open(String tenant, SqlFilesystem.Mode mode) {
        long id = tenantId(tenant);
        SqlFilesystem[] opened = new SqlFilesystem[1];
        Runnable forget = () -> {
            synchronized (this) {
                open.remove(opened[0]);
            }
        };
        opened[0] = run(() -> SqlFilesystem.open(dialect.connect(location), dialect, id, mode, forget));
        open.add(opened[0]);
        return opened[0];
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction. Chunks are collected only when no other process's transaction may be
     * about to refer to one (PostgreSQL); otherwise they are left for the next run.
     */
    @Override
    public synchronized GcResult collectGarbage(String tenant) {
        long id = tenantId(tenant);
        return transaction(() -> {
            LayerTable layers = new LayerTable(sql, id);
            long deleted = 0;
            for (LayerTable.Row row : layers.all()) {
                if (row.scratch() && ScratchOwner.isGone(row.owner())) {
                    layers.deleteLayer(row.id());
                    deleted++;
                }
            }
            List<LayerTable.Row> rows = new ArrayList<>(layers.all());
            Collections.reverse(rows); // children first
            for (LayerTable.Row row : rows) {
                deleted += layers.deleteUnneeded(row.id());
            }
            if (dialect.tryNoTreeOpen(sql, id)) {
                deleted += layers.compact();
            }
            long[] chunks = dialect.tryLockChunkCollection(sql, id) ? ChunkStore.collectUnreferenced(sql, id) : new long[2];
            return new GcResult(deleted, chunks[0], chunks[1]);
        });
    }

    @Override
    public synchronized boolean treeOpen(String tenant) {
        long id = tenantId(tenant);
        return transaction(() -> !dialect.tryNoTreeOpen(sql, id));
    }

    /** The audit log of {@code tenant} (see {@link SqlAuditLog}); close it to write what it buffered. */
    public synchronized AuditLog auditLog(String tenant) {
        return new SqlAuditLog(this, tenantId(tenant));
    }

    /** Records that a run started ({@code durationMillis} -1 and no exit code yet). */
    public synchronized void startRun(String tenant, RunRecord run) {
        long id = tenantId(tenant);
        transaction(() -> {
            new AuditTable(sql, id).insertRun(run);
            return null;
        });
    }

    /**
     * Records how a run ended; its files changed are counted from its successful audit events
     * (distinct paths), so write the run's audit log first.
     */
    public synchronized void finishRun(String tenant, String runId, long durationMillis, int exitCode) {
        long id = tenantId(tenant);
        transaction(() -> {
            new AuditTable(sql, id).finishRun(runId, durationMillis, exitCode);
            return null;
        });
    }

    /** The tenant's runs, oldest first. */
    public synchronized List<RunRecord> runs(String tenant) {
        long id = tenantId(tenant);
        return run(() -> new AuditTable(sql, id).runs());
    }

    /** The tenant's audit events matching {@code query}, oldest first. */
    public synchronized List<AuditEvent> audit(String tenant, AuditQuery query) {
        long id = tenantId(tenant);
        return run(() -> new AuditTable(sql, id).select(query));
    }

    /**
     * Deletes the tenant's audit events recorded before {@code beforeNanos} (and the finished runs
     * started before it), the only way audit rows leave the database; returns how many events.
     */
    public synchronized long pruneAudit(String tenant, long beforeNanos) {
        long id = tenantId(tenant);
        return transaction(() -> {
            String allow = dialect.allowAuditPrune();
            if (allow != null) {
                sql.execute(allow);
            }
            return new AuditTable(sql, id).prune(beforeNanos);
        });
    }

    /** Writes a batch of buffered audit events in one transaction (for {@link SqlAuditLog}). */
    synchronized void writeAudit(long tenant, List<AuditEvent> events) {
        transaction(() -> {
            new AuditTable(sql, tenant).insert(events);
            return null;
        });
    }

    private long tenantId(String tenant) {
        return findTenant(tenant)
                .orElseThrow(() -> new FsException(FsError.NOT_FOUND, "no such tenant: " + tenant)).id();
    }

    /**
     * Checks the consistency of a tenant's tree (see {@link SqlFsck}); commit or close its open
     * filesystem first, since only committed rows are visible here.
     */
    public synchronized SqlFsck.Report fsck(String tenant) {
        Tenant found = findTenant(tenant)
                .orElseThrow(() -> new FsException(FsError.NOT_FOUND, "no such tenant: " + tenant));
        return run(() -> new SqlFsck(connection, found.id()).check());
    }

    @Override
    public void close() {
        List<SqlFilesystem> stillOpen;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stillOpen = new ArrayList<>(open);
        }
        for (SqlFilesystem fs : stillOpen) {
            fs.close();
        }
        sql.close();
        closeQuietly(connection);
    }

    private void ensureDefaultTenant() {
        if (run(() -> tenants.find(Tenant.DEFAULT)) != null) {
            return; // the usual case: no write lock taken
        }
        transaction(() -> {
            if (tenants.find(Tenant.DEFAULT) == null) {
                tenants.insert(Tenant.DEFAULT, now());
            }
            return null;
        });
    }

    private interface Step<T> {
        T run() throws SQLException;
    }

    private <T> T run(Step<T> step) {
        if (closed) {
            throw new FsException(FsError.IO, "store is closed");
        }
        try {
            return step.run();
        } catch (SQLException e) {
            throw new FsException(FsError.IO, "storage failed: " + SqlDialect.firstLine(e.getMessage()), e);
        }
    }

    private <T> T transaction(Step<T> step) {
        return run(() -> {
            sql.execute(dialect.beginWrite());
            try {
                T result = step.run();
                sql.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                sql.execute("ROLLBACK");
                throw e;
            }
        });
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
