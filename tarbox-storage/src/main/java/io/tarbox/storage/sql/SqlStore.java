package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.AuditTrail;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.audit.RunStatus;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.GcResult;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.model.ApiToken;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A Tarbox store in a SQL database. The store keeps one connection for tenant management; each
 * {@link #openFilesystem opened filesystem} gets its own, which it closes with itself. Closing the
 * store closes (and so commits) the filesystems still open.
 *
 * <p>On PostgreSQL every tenant's rows are behind row-level security that fails closed (migration
 * V6): the store's connection names a tenant ({@link SqlDialect#scope}) for each operation on one
 * tenant's rows and names none otherwise, and finds tenants through the function
 * {@code tarbox_tenants()}.
 */
public final class SqlStore implements TarboxStore, AuditTrail {
    private final SqlDialect dialect;
    /** Where to connect (for PostgreSQL a URL that may hold a password). */
    private final String location;
    /** {@link #location} as shown to users. */
    private final String shown;

    private final Connection connection;
    private final Statements sql;
    private final TenantTable tenants;
    private final Set<SqlFilesystem> open = new HashSet<>();
    /** Runs this store started and has not finished: alive, whatever a lock asked of this session says. */
    private final Set<String> ownRuns = new HashSet<>();

    private boolean closed;

    /**
     * Copies SQLite's log into the database file after commits, and keeps space for a full disk
     * (null for PostgreSQL).
     */
    private volatile WalCheckpointer checkpointer;

    private SqlStore(SqlDialect dialect, String location, String shown, Connection connection) {
        this.dialect = dialect;
        this.location = location;
        this.shown = shown;
        this.connection = connection;
        this.sql = new Statements(connection);
        this.tenants = new TenantTable(sql, dialect);
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
            throw new StorageException(
                    StorageException.Reason.UNREACHABLE,
                    "cannot create the directory of database " + location + ": " + e.getMessage(),
                    e);
        }
        if (Files.isDirectory(file)) {
            throw new StorageException(
                    StorageException.Reason.UNREACHABLE, "cannot open database " + location + ": it is a directory");
        }
        SqlStore store = open(SqlDialect.SQLITE, location, location, null);
        store.checkpointer = new WalCheckpointer(file);
        return store;
    }

    /**
     * Opens the PostgreSQL store at {@code jdbcUrl} (a {@code jdbc:postgresql:} URL with any
     * credentials as parameters), creating the schema and the default tenant as needed.
     *
     * @param shown the location for messages, without a password
     * @throws StorageException when the database cannot be reached or used as a Tarbox store
     */
    public static SqlStore openPostgres(String jdbcUrl, String shown) {
        return open(SqlDialect.POSTGRESQL, jdbcUrl, shown, null);
    }

    /**
     * Sets up the PostgreSQL database at {@code jdbcUrl} for roles (see {@link PostgresRoles}):
     * creates the roles {@code PREFIX_owner}, {@code _admin}, {@code _app} and {@code _tenant} as
     * needed, makes the owner role own the schema (migrating as it), grants each role what it needs,
     * and opens the store. Run as a superuser (or a role that may create roles and owns the objects).
     *
     * @throws StorageException when the database cannot be set up
     */
    public static SqlStore openPostgresCreatingRoles(String jdbcUrl, String shown, String prefix) {
        PostgresRoles roles = new PostgresRoles(prefix);
        try (Connection admin = SqlDialect.POSTGRESQL.connect(jdbcUrl)) {
            roles.createRoles(admin);
            roles.takeOwnership(admin);
        } catch (SQLException e) {
            throw SqlDialect.POSTGRESQL.openFailure(shown, e);
        }
        SqlStore store = open(SqlDialect.POSTGRESQL, jdbcUrl, shown, roles.owner());
        try {
            synchronized (store) {
                store.run(() -> {
                    roles.grant(store.connection);
                    store.putSetting(Settings.ROLE_PREFIX, prefix);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** @param migrateAs the role Flyway migrates as (PostgreSQL), or null for the connection's own */
    private static SqlStore open(SqlDialect dialect, String location, String shown, String migrateAs) {
        Connection connection;
        try {
            connection = dialect.connect(location);
        } catch (SQLException e) {
            throw dialect.openFailure(shown, e);
        }
        try {
            int found = Schema.prepare(dialect, shown, connection, dialect.dataSource(location, migrateAs));
            try {
                dialect.useDurableJournal(connection);
            } catch (SQLException e) {
                throw dialect.openFailure(shown, e);
            }
            SqlStore store = new SqlStore(dialect, location, shown, connection);
            if (found == 0) {
                store.createDefaultTenant(); // a new database comes with the default tenant
            }
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
        return scoped(
                SqlDialect.NO_TENANT,
                () -> inTransaction(() -> {
                    if (tenants.find(name) != null) {
                        throw new FsException(FsError.EXISTS, "tenant exists: " + name);
                    }
                    return tenants.insert(name, now()); // names the new tenant: scoped() forgets it after
                }));
    }

    @Override
    public synchronized void deleteTenant(String name) {
        long id = tenantId(name);
        scoped(
                id,
                () -> inTransaction(() -> {
                    tenants.delete(id);
                    return null;
                }));
    }

    @Override
    public synchronized void setQuota(String tenant, OptionalLong bytes) {
        if (bytes.isPresent() && bytes.getAsLong() < 0) {
            throw new FsException(FsError.INVALID, "a quota cannot be negative: " + bytes.getAsLong());
        }
        long id = tenantId(tenant);
        scoped(
                id,
                () -> inTransaction(() -> {
                    Quota.setQuota(sql, id, bytes);
                    return null;
                }));
    }

    @Override
    public synchronized TenantUsage usage(String tenant) {
        long id = tenantId(tenant);
        return scoped(id, () -> new TenantUsage(Quota.usage(sql, id), Quota.quota(sql, id)));
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
        Snapshot found = scoped(id, () -> new LayerTable(sql, id).findSnapshot(snapshot));
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
        opened[0] = run(() -> SqlFilesystem.open(dialect.connect(location), dialect, apart, id, mode, forget));
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
        return scoped(
                id,
                () -> inTransaction(() -> {
                    LayerTable layers = new LayerTable(sql, id);
                    long deleted = 0;
                    for (LayerTable.Row row : layers.all()) {
                        if (row.scratch() && dialect.scratchOwnerGone(sql, id, row.id())) {
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
                    long[] chunks = dialect.tryLockChunkCollection(sql, id)
                            ? ChunkStore.collectUnreferenced(sql, id)
                            : new long[2];
                    return new GcResult(deleted, chunks[0], chunks[1]);
                }));
    }

    @Override
    public synchronized boolean treeOpen(String tenant) {
        long id = tenantId(tenant);
        return scoped(id, () -> inTransaction(() -> !dialect.tryNoTreeOpen(sql, id)));
    }

    /**
     * The audit log of {@code tenant} on the store's own connection (see {@link SqlAuditLog}), for
     * events no tree's commit carries; close it to write what it buffered.
     */
    @Override
    public synchronized AuditLog auditLog(String tenant) {
        return new SqlAuditLog(this, tenantId(tenant));
    }

    /**
     * The audit log of {@code tree}, one of this store's open trees: its events are written in the
     * tree's own commits, with the changes they describe (see {@link TreeAuditLog}).
     *
     * @throws IllegalArgumentException when {@code tree} is not a tree of this store
     */
    @Override
    public synchronized AuditLog auditLog(FilesystemInterface tree) {
        if (!(tree instanceof SqlFilesystem fs) || !open.contains(fs)) {
            throw new IllegalArgumentException("not an open tree of this store");
        }
        return new TreeAuditLog(this, fs.tenant(), fs);
    }

    /**
     * Records that a run started, by this process ({@code run.status()} RUNNING): the row is there
     * before the run changes anything, and tells while the run lasts that this process runs it.
     *
     * @throws FsException NOT_PERMITTED when the database refuses the run (require-audit and a run
     *     that is not audited)
     */
    @Override
    public synchronized void startRun(String tenant, RunRecord run) {
        startRun(tenant, run, ScratchOwner.current());
    }

    /**
     * Records that a run started that a remote client runs ({@code client} names it for people, as
     * {@code owner}): this process holds it as live, as its own runs, until it is finished or
     * {@link #abandonRun abandoned}.
     */
    public synchronized void startRemoteRun(String tenant, RunRecord run, String client) {
        startRun(tenant, run, "remote " + client);
    }

    private void startRun(String tenant, RunRecord run, String owner) {
        long id = tenantId(tenant);
        scoped(id, () -> {
            inTransaction(() -> {
                new AuditTable(sql, id).insertRun(run, owner);
                return null;
            });
            dialect.holdRun(sql, run.id());
            ownRuns.add(run.id());
            return null;
        });
    }

    /**
     * Stops holding a remote client's run as live (its client went away without recording the
     * end): {@link #runs} then tells it as killed where the database can tell (PostgreSQL), else as
     * unknown.
     */
    public synchronized void abandonRun(String tenant, String runId) {
        long id = tenantId(tenant);
        scoped(id, () -> {
            if (ownRuns.remove(runId)) {
                dialect.releaseRun(sql, runId);
            }
            return null;
        });
    }

    /**
     * Records how a run ended: its exit code, or ({@code signal} not null) the signal that stopped it
     * and the exit code the process ends with, when known. Files changed are counted from the run's
     * successful audit events (distinct objects), so flush the run's audit log first. A run's row is
     * completed once: returns false when it already was (by a shutdown hook, say).
     */
    @Override
    public synchronized boolean finishRun(
            String tenant, String runId, long durationMillis, Integer exitCode, String signal, boolean signalled) {
        long id = tenantId(tenant);
        return scoped(id, () -> {
            boolean finished = inTransaction(
                    () -> new AuditTable(sql, id).finishRun(runId, durationMillis, exitCode, signal, signalled));
            if (ownRuns.remove(runId)) {
                dialect.releaseRun(sql, runId);
            }
            return finished;
        });
    }

    /**
     * The tenant's runs, oldest first. A run that never recorded its end is {@link RunStatus#RUNNING}
     * while its process lives, {@link RunStatus#KILLED} once it is known gone, and
     * {@link RunStatus#UNKNOWN} when that cannot be told.
     */
    @Override
    public synchronized List<RunRecord> runs(String tenant) {
        long id = tenantId(tenant);
        return scoped(id, () -> {
            List<RunRecord> runs = new ArrayList<>();
            for (AuditTable.RunRow row : new AuditTable(sql, id).runs()) {
                RunRecord r = row.run();
                if (r.status() == RunStatus.RUNNING) {
                    Boolean live =
                            ownRuns.contains(r.id()) ? Boolean.TRUE : dialect.runIsLive(sql, r.id(), row.owner());
                    RunStatus status = live == null ? RunStatus.UNKNOWN : live ? RunStatus.RUNNING : RunStatus.KILLED;
                    r = new RunRecord(
                            r.id(),
                            r.module(),
                            r.moduleHash(),
                            r.startNanos(),
                            r.durationMillis(),
                            r.exitCode(),
                            r.filesChanged(),
                            status,
                            r.signal(),
                            r.audited());
                }
                runs.add(r);
            }
            return runs;
        });
    }

    /** The tenant's audit events matching {@code query}, oldest first. */
    @Override
    public synchronized List<AuditEvent> audit(String tenant, AuditQuery query) {
        long id = tenantId(tenant);
        return scoped(id, () -> new AuditTable(sql, id).select(query));
    }

    /**
     * Deletes the tenant's audit events recorded before {@code beforeNanos} (and the finished runs
     * started before it), the only way audit rows leave the database, and records the prune as an
     * event of its own that no prune removes; returns how many events went. Refuses a time in the
     * future, and unless {@code force} one less than the setting audit-prune-min-age ago. On
     * PostgreSQL the function tarbox_prune_audit does it (and checks the same), as the tables' owner.
     *
     * @throws FsException INVALID for a time refused; NOT_PERMITTED when the database role may not prune
     */
    public synchronized long pruneAudit(String tenant, long beforeNanos, boolean force) {
        long now = now();
        if (beforeNanos > now) {
            throw new FsException(FsError.INVALID, "cannot prune the future");
        }
        long minAge = settings().pruneMinAgeSeconds();
        if (!force && beforeNanos > now - minAge * 1_000_000_000L) {
            throw new FsException(
                    FsError.INVALID,
                    "refusing to prune events younger than the minimum age of " + minAge + " s ("
                            + Settings.AUDIT_PRUNE_MIN_AGE + "; force to override)");
        }
        long id = tenantId(tenant);
        return scoped(id, () -> {
            if (dialect == SqlDialect.POSTGRESQL) {
                PreparedStatement prune = sql.get("SELECT tarbox_prune_audit(?, ?)");
                prune.setLong(1, beforeNanos);
                prune.setBoolean(2, force);
                try (ResultSet rs = prune.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            return inTransaction(() -> new AuditTable(sql, id).prune(beforeNanos, now));
        });
    }

    /** Writes a batch of audit events in one transaction on the store's connection. */
    synchronized void writeAudit(long tenant, List<AuditEvent> events) {
        scoped(
                tenant,
                () -> inTransaction(() -> {
                    new AuditTable(sql, tenant).insert(events);
                    return null;
                }));
    }

    @Override
    public boolean requiresAudit() {
        return settings().requireAudit();
    }

    /** The database's settings (see {@link Settings}). */
    public synchronized Settings settings() {
        return run(() -> {
            Map<String, String> values = new LinkedHashMap<>();
            try (ResultSet rs = sql.get("SELECT name, value FROM settings").executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
            return new Settings(values);
        });
    }

    /**
     * Changes a setting of the database ({@link Settings#REQUIRE_AUDIT},
     * {@link Settings#AUDIT_PRUNE_MIN_AGE}).
     *
     * @throws FsException INVALID for an unknown setting or value; NOT_PERMITTED when the database
     *     role may not change settings (PostgreSQL set up with roles: only the admin role may)
     */
    public synchronized void setSetting(String name, String value) {
        String checked = Settings.checked(name, value);
        run(() -> {
            putSetting(name, checked);
            return null;
        });
    }

    private void putSetting(String name, String value) throws SQLException {
        inTransaction(() -> {
            PreparedStatement st = sql.get("INSERT INTO settings (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
            st.setString(1, name);
            st.setString(2, value);
            st.executeUpdate();
            return null;
        });
    }

    /**
     * Makes database role {@code role} one that reaches tenant {@code tenant} only, whatever it
     * sets, by any command or statement (PostgreSQL set up by {@code tarbox init --create-roles};
     * see {@link PostgresRoles#grantTenant}). Creates the role (LOGIN, no password) if it does not
     * exist.
     *
     * @throws FsException NOT_SUPPORTED on SQLite or a database without Tarbox's roles;
     *     NOT_PERMITTED when this role may not create roles; EXISTS when the role serves another tenant
     */
    public synchronized void grantTenantRole(String tenant, String role) {
        PostgresRoles roles = roles();
        long id = tenantId(tenant);
        run(() -> inTransaction(() -> {
            roles.grantTenant(sql, id, role);
            return null;
        }));
    }

    /** Undoes {@link #grantTenantRole} (the role stays, reaching no tenant); false when it served none. */
    public synchronized boolean revokeTenantRole(String tenant, String role) {
        PostgresRoles roles = roles();
        long id = tenantId(tenant);
        return run(() -> inTransaction(() -> roles.revokeTenant(sql, id, role)));
    }

    private PostgresRoles roles() {
        String prefix = dialect == SqlDialect.POSTGRESQL ? settings().rolePrefix() : null;
        if (prefix == null) {
            throw new FsException(
                    FsError.NOT_SUPPORTED,
                    "per-tenant roles need a PostgreSQL database set up with" + " 'tarbox init --create-roles'");
        }
        return new PostgresRoles(prefix);
    }

    /**
     * Creates an API token for {@code tarbox serve}: {@code name} reaches {@code tenant} with
     * {@code scope}; only {@code secretHash} (the SHA-256 of its secret, hex) is stored.
     *
     * @throws FsException INVALID (name), NOT_FOUND (tenant), EXISTS (a token of that name)
     */
    public synchronized ApiToken createToken(
            String name, String tenant, ApiToken.Scope scope, Long expiresNanos, String secretHash) {
        if (!Tenant.isValidName(name)) {
            throw new FsException(FsError.INVALID, "invalid token name '" + name + "'");
        }
        long id = tenantId(tenant);
        long created = now();
        return run(() -> inTransaction(() -> {
            TokenTable table = new TokenTable(sql);
            if (table.exists(name)) {
                throw new FsException(FsError.EXISTS, "token exists: " + name);
            }
            table.insert(name, id, scope, secretHash, created, expiresNanos);
            return new ApiToken(name, tenant, scope, created, expiresNanos, null, null);
        }));
    }

    /** Every API token of the database (revoked and expired ones too), by name. */
    public synchronized List<ApiToken> listTokens() {
        return run(() -> new TokenTable(sql).all(tenantNames()));
    }

    /** The token whose secret hashes to {@code secretHash}, valid or not. */
    public synchronized Optional<ApiToken> findToken(String secretHash) {
        return Optional.ofNullable(run(() -> new TokenTable(sql).byHash(secretHash, dialect.tenants())));
    }

    /**
     * Revokes a token: from now on no request carrying it is accepted.
     *
     * @throws FsException NOT_FOUND when no token of that name is valid
     */
    public synchronized void revokeToken(String name) {
        long at = now();
        boolean revoked = run(() -> inTransaction(() -> new TokenTable(sql).revoke(name, at)));
        if (!revoked) {
            throw new FsException(FsError.NOT_FOUND, "no such token (or revoked already): " + name);
        }
    }

    /** Records that a request carried token {@code name} now. */
    public synchronized void touchToken(String name) {
        long at = now();
        run(() -> inTransaction(() -> {
            new TokenTable(sql).touch(name, at);
            return null;
        }));
    }

    private Map<Long, String> tenantNames() throws SQLException {
        Map<Long, String> names = new java.util.HashMap<>();
        for (Tenant t : tenants.list()) {
            names.put(t.id(), t.name());
        }
        return names;
    }

    /**
     * The WebDAV dead properties of inodes {@code inos} of {@code tenant}'s tree, in one query: by
     * inode, each its properties ({namespace}name to XML) by name; an inode without any is left out.
     */
    public synchronized Map<Long, Map<String, String>> davProperties(String tenant, Collection<Long> inos) {
        long id = tenantId(tenant);
        return scoped(id, () -> new DavPropertyTable(sql, dialect, id).get(inos));
    }

    /** Sets and removes WebDAV dead properties of an inode, in one transaction. */
    public synchronized void changeDavProperties(
            String tenant, long ino, Map<String, String> set, Collection<String> remove) {
        long id = tenantId(tenant);
        scoped(
                id,
                () -> inTransaction(() -> {
                    new DavPropertyTable(sql, dialect, id).change(ino, set, remove);
                    return null;
                }));
    }

    /** Forgets every WebDAV dead property of an inode (it was deleted or replaced). */
    public synchronized void dropDavProperties(String tenant, long ino) {
        long id = tenantId(tenant);
        scoped(
                id,
                () -> inTransaction(() -> {
                    new DavPropertyTable(sql, dialect, id).dropAll(ino);
                    return null;
                }));
    }

    private long tenantId(String tenant) {
        return findTenant(tenant)
                .orElseThrow(() -> new FsException(FsError.NOT_FOUND, "no such tenant: " + tenant))
                .id();
    }

    /**
     * Checks the consistency of a tenant's tree (see {@link SqlFsck}); commit or close its open
     * filesystem first, since only committed rows are visible here.
     */
    public synchronized SqlFsck.Report fsck(String tenant) {
        long id = tenantId(tenant);
        return scoped(id, () -> new SqlFsck(connection, id).check());
    }

    /**
     * Checks a tenant's tree and repairs what {@link SqlFsck#repair} can, holding the tenant alone
     * for the whole repair (see {@link SqlDialect#tryHoldTenantAlone}): refuses (BUSY) while a tree
     * of the tenant is open, here or in another process, and a tree opening meanwhile waits until
     * the repair is over.
     */
    public synchronized SqlFsck.Report fsckRepair(String tenant) {
        long id = tenantId(tenant);
        return scoped(id, () -> {
            if (!dialect.tryHoldTenantAlone(sql, id)) {
                throw new FsException(
                        FsError.BUSY,
                        "tenant '" + tenant + "' has a tree open (a running program or"
                                + " command); repair when it is closed");
            }
            try {
                Runnable hook = whileRepairing;
                if (hook != null) {
                    hook.run();
                }
                return new SqlFsck(connection, id).repair();
            } finally {
                dialect.releaseTenantAlone(sql, id);
            }
        });
    }

    /** Tests only: runs while {@link #fsckRepair} holds the tenant, before it repairs. */
    volatile Runnable whileRepairing;

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
        if (checkpointer != null) {
            checkpointer.close();
        }
        sql.close();
        closeQuietly(connection);
    }

    /** Creates the default tenant of a new database (unless another process was first). */
    private void createDefaultTenant() {
        scoped(
                SqlDialect.NO_TENANT,
                () -> inTransaction(() -> {
                    if (tenants.find(Tenant.DEFAULT) == null) {
                        tenants.insert(Tenant.DEFAULT, now());
                    }
                    return null;
                }));
    }

    /** The store's connection lent to trees for steps outside their transactions (see {@link StoreConnection}). */
    private final StoreConnection apart = new StoreConnection() {
        @Override
        public <T> T apart(long tenant, StoreConnection.Step<T> step) throws SQLException {
            synchronized (SqlStore.this) {
                if (closed) {
                    throw new SQLException("store is closed");
                }
                dialect.scope(sql, tenant);
                try {
                    return step.run(sql);
                } finally {
                    dialect.scope(sql, SqlDialect.NO_TENANT);
                }
            }
        }

        @Override
        public void committed() {
            if (checkpointer != null) {
                checkpointer.committed();
            }
        }

        @Override
        public void storageFull() {
            if (checkpointer != null) {
                checkpointer.diskFull();
            }
        }
    };

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
            FsError error = dialect.errorOf(e);
            String message = SqlDialect.firstLine(e.getMessage());
            throw new FsException(
                    error,
                    switch (error) {
                        case IO -> "storage failed: " + message;
                        case NOT_PERMITTED -> "not permitted by the database: " + message;
                        case NO_SPACE -> "storage full: " + message;
                        default -> message;
                    },
                    e);
        }
    }

    /** Runs a step with the connection scoped to {@code tenant} (see {@link SqlDialect#scope}), then to none. */
    private <T> T scoped(long tenant, Step<T> step) {
        return run(() -> {
            dialect.scope(sql, tenant);
            T result;
            try {
                result = step.run();
            } catch (SQLException | RuntimeException e) {
                try {
                    dialect.scope(sql, SqlDialect.NO_TENANT);
                } catch (SQLException unscoping) {
                    e.addSuppressed(unscoping); // the connection is gone; the first failure says why
                }
                throw e;
            }
            dialect.scope(sql, SqlDialect.NO_TENANT);
            return result;
        });
    }

    /** Runs a step in a write transaction; call inside {@link #run} or {@link #scoped}. */
    private <T> T inTransaction(Step<T> step) throws SQLException {
        dialect.beginWrite(sql);
        try {
            T result = step.run();
            sql.execute("COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            sql.execute("ROLLBACK");
            throw e;
        }
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
