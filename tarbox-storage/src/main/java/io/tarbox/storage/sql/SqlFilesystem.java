package io.tarbox.storage.sql;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.DirEntryPlus;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.layer.SnapshotNames;
import io.tarbox.core.path.Names;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One tenant's tree in a SQL database: the {@link FilesystemInterface} contract over the
 * {@code inodes}, {@code dirents}, {@code chunks} and {@code file_chunks} tables.
 *
 * <p>Each operation validates everything before it changes anything, so a contract error never
 * leaves half an operation in the open transaction. Changes accumulate in one write transaction
 * (see {@link GroupCommit}); file data in the {@link WriteBuffer}. A transient failure (a deadlock,
 * a busy database) rolls back and repeats one operation or commit ({@link #attempt}); any other
 * storage failure rolls the transaction back and makes the filesystem refuse further calls with
 * {@link FsError#IO}.
 *
 * <p>An inode whose last name is removed (nlink 0) stays readable and writable through its number,
 * as an open descriptor needs, and is freed when the filesystem closes, or, after a crash, when the
 * tenant is next opened; in both cases only if no other process has the tenant open. All calls are
 * serialized by one lock.
 *
 * <p>Several processes may open one tenant (see docs/storage.md, "Sharing"): {@link #refresh}
 * forgets cached rows once another process has committed, changes of entries are conditional on
 * the row still being what this process saw, and nlink is written as a difference.
 */
public final class SqlFilesystem implements LayeredFilesystem {
    /** The root directory's inode number in every tenant. */
    static final long ROOT = 1;
    /**
     * Attempts at an operation or a commit that fails transiently (a deadlock or serialization
     * failure on PostgreSQL, a database busy past its timeout on SQLite) before the call fails.
     */
    static final int ATTEMPTS = 5;
    /** Largest file size (4 TiB): chunk indexes and offsets stay far from overflow. */
    static final long MAX_FILE_SIZE = 1L << 42;
    /** Longest symlink target, in bytes of UTF-8. */
    static final int SYMLINK_MAX = 4096;

    private final Connection connection;
    private final Statements sql;
    private final SqlDialect dialect;
    private final long tenant;
    private final InodeTable inodes;
    private final DirentTable dirents;
    private final ChunkStore chunks;
    private final FileContent content;
    /** Chunks a discarded scratch layer referred to, collected with it. */
    private final Set<ChunkHash> releasedOnDiscard = new HashSet<>();

    private final GroupCommit commits;
    /** The tree holds the tenant alone ({@link #holdAlone}). */
    private boolean heldAlone;
    /** Whether the open transaction found no other tree of the tenant open; null: not asked in it. */
    private Boolean aloneInTransaction;
    /** Whether {@link #forget} freed a file since the last commit. */
    private boolean freedSinceCommit;

    /** Inodes users of this instance hold open, and how many holds each (see {@link #hold}). */
    private final Map<Long, Integer> held = new HashMap<>();
    /** Users whose holds this instance cannot see (see {@link #keepUnlinked}). */
    private int keepingUnlinked;

    private final Quota quota;
    private final FsCaches caches;
    private final LayerTable layerTable;
    /** Audit events written in this tree's commits (see {@link #journal}). */
    private final AuditJournal journal;
    /** Calls of {@link #atomically} under way, and whether a commit waits for them to end. */
    private int atomicDepth;

    private boolean commitDue;
    private final Runnable onClose;
    /** The in-memory changes of the step being attempted (see {@link #attempt}). */
    private final UndoLog undo = new UndoLog();
    /** The layers this tree reads through and writes to; changed by snapshot, restore, switch. */
    private LayerChain chain;
    /** A scratch tree's own layer (0 otherwise): published into the tenant's tree or discarded. */
    private long scratch;
    /** The scratch layer whose liveness mark this tree holds (see SqlDialect#holdScratch), or 0. */
    private long heldScratch;
    /** Serializes all calls (and the group-commit timer, which only tries it). */
    private final ReentrantLock lock = new ReentrantLock();

    private ScheduledFuture<?> staleCommits;
    /** The tenant's version the cached rows were read at (see {@link TenantVersion}). */
    private long seenVersion;

    private boolean closed;
    private String failure;
    /** A background commit found the storage full and discarded the uncommitted changes: the next call says so. */
    private String discardedWhenFull;
    /** The store's connection: told when the storage is full. */
    private final StoreConnection store;

    private SqlFilesystem(
            Connection connection, SqlDialect dialect, StoreConnection store, long tenant, Runnable onClose) {
        this.connection = connection;
        this.sql = new Statements(connection);
        this.dialect = dialect;
        this.tenant = tenant;
        this.caches = FsCaches.create();
        this.inodes = new InodeTable(
                sql, dialect, store, tenant, () -> chain, caches.attributes(), caches.inlineContents(), undo);
        this.dirents = new DirentTable(sql, tenant, () -> chain, caches.entries(), caches.completeDirs());
        this.chunks = new ChunkStore(sql, dialect, tenant, caches.chunks(), caches.chunkMaps());
        this.content = new FileContent(inodes, chunks, undo);
        this.commits = new GroupCommit(sql, dialect, tenant, () -> chain.guard(), chunks::transactionEnded);
        this.layerTable = new LayerTable(sql, tenant);
        this.quota = new Quota(sql, tenant);
        this.journal = new AuditJournal(new AuditTable(sql, tenant));
        commits.beforeCommit(journal::writeInTransaction);
        this.onClose = onClose;
        this.store = store;
    }

    /** What an opened tree reads and writes. */
    sealed interface Mode {}

    /** The tenant's tree: writes go to its top layer. */
    record Tree() implements Mode {}

    /** A private layer on the tenant's tree, published or discarded (see {@link #publish}). */
    record Scratch(String owner) implements Mode {}

    /** A read-only view of a frozen layer and the layers below it. */
    record View(long layer) implements Mode {}

    /**
     * Opens the tree of tenant {@code tenant} over {@code connection}, which it then owns, and frees
     * inodes left unlinked by a crash (unless another process has the tenant open).
     */
    static SqlFilesystem open(
            Connection connection, SqlDialect dialect, StoreConnection store, long tenant, Mode mode, Runnable onClose)
            throws SQLException {
        SqlFilesystem fs = new SqlFilesystem(connection, dialect, store, tenant, onClose);
        boolean joined = false;
        try {
            dialect.joinTenant(fs.sql, tenant);
            joined = true;
            fs.seenVersion = TenantVersion.read(fs.sql, tenant);
            long top = fs.layerTable.top();
            if (mode instanceof View view) {
                fs.chain = LayerChain.readOnly(fs.sql, tenant, view.layer());
            } else if (mode instanceof Scratch scratch) {
                fs.commits.begin();
                fs.scratch = fs.layerTable.create(top, true, scratch.owner(), now());
                // Before the commit makes the layer visible: gc never sees it unheld while the run lives.
                dialect.holdScratch(fs.sql, tenant, fs.scratch);
                fs.heldScratch = fs.scratch;
                fs.chain = LayerChain.writable(fs.sql, tenant, fs.scratch, top);
            } else {
                fs.chain = LayerChain.writable(fs.sql, tenant, top, top);
            }
            if (fs.chain.writable()) {
                fs.freeOrphans();
            }
            fs.committed(fs.commits.commit());
            fs.staleCommits = GroupCommit.TIMER.scheduleWithFixedDelay(
                    fs::commitIfStale,
                    GroupCommit.TIMER_PERIOD_MILLIS,
                    GroupCommit.TIMER_PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (SQLException e) {
            fs.releaseScratch();
            if (joined) {
                release(fs.sql, dialect, tenant, connection);
            } else {
                fs.sql.close();
                connection.close();
            }
            throw e;
        }
        return fs;
    }

    /** The tenant this tree belongs to. */
    long tenant() {
        return tenant;
    }

    /** Bytes of stored chunks this tree keeps in memory (what its reads chose to cache). */
    long cachedChunkBytes() {
        return caches.chunks().asMap().values().stream()
                .mapToLong(bytes -> bytes.length)
                .sum();
    }

    @Override
    public long rootIno() {
        return ROOT;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One query of the tenant's version (none while this tree's transaction keeps every other
     * tree out: GroupCommit#soleVersion); when another process has committed since the cached
     * rows were read, they are forgotten. This instance's own uncommitted changes (deferred
     * attributes, buffered writes) stay.
     */
    @Override
    public void refresh() {
        refreshSeesChanges();
    }

    @Override
    public boolean refreshSeesChanges() {
        return query(() -> {
            long version = commits.soleVersion(); // no other tree can have committed since
            if (version < 0) {
                version = TenantVersion.read(sql, tenant);
            }
            if (version == seenVersion) {
                return false;
            }
            caches.forgetRows();
            quota.committed();
            seenVersion = version;
            followTop();
            return true;
        });
    }

    @Override
    public void forget(long ino) {
        free(ino, 0);
    }

    @Override
    public void forgetAsKeeper(long ino) {
        free(ino, 1);
    }

    /**
     * Frees an unlinked inode nobody holds now (the caller's own {@code keeps} of unlinked inodes
     * aside, see {@link #forgetAsKeeper}): its chunk map and row go in the open transaction
     * and its chunks are collected at the commit, as the orphan sweep at close would do them. Only
     * when no other tree of the tenant is open (one might hold the inode): on PostgreSQL asked once
     * per transaction, since the answer is a lock that keeps other processes from joining until
     * the commit (as for the sweep); on SQLite, a look at file locks, each time.
     */
    private void free(long ino, int keeps) {
        lock.lock();
        try {
            if (held.containsKey(ino) || keepingUnlinked > keeps) {
                return; // a user of this instance holds it, or may (see hold, keepUnlinked)
            }
            if (closed || failure != null || !chain.writable() || scratch != 0) {
                // Nothing to free on a snapshot; a failed tree leaves it to the next open; a run's
                // scratch layer keeps its unlinked inodes for the publish, as it always did (they
                // are swept in the tenant's layer after it).
                return;
            }
            InodeRow linked = query(() -> inodes.find(ino)); // (a closed descriptor: mostly a cached row)
            if (linked == null || linked.nlink() > 0 || linked.isDirectory() || !query(this::mayBeAlone)) {
                return;
            }
            change(() -> {
                InodeRow row = inodes.find(ino);
                if (row != null && row.nlink() == 0 && aloneInTransaction()) {
                    content.delete(row);
                    freedSinceCommit = true;
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hold(long ino) {
        lock.lock();
        try {
            held.merge(ino, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(long ino) {
        lock.lock();
        try {
            if (held.computeIfPresent(ino, (i, n) -> n > 1 ? n - 1 : null) == null) {
                forget(ino);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void keepUnlinked() {
        lock.lock();
        try {
            keepingUnlinked++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stopKeepingUnlinked() {
        lock.lock();
        try {
            keepingUnlinked = Math.max(0, keepingUnlinked - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a write of {@code len} bytes would pass the quota while files {@linkplain #forget
     * freed} since the last commit still count: their chunks go, and the usage is read again, at
     * the commit, which then comes first.
     */
    private boolean quotaWaitsForFreedSpace(long len) throws SQLException {
        return freedSinceCommit && quota.refuses(content.bufferedBytes(), len);
    }

    /**
     * Whether this tree may be alone in its tenant, as far as can be told before taking the write
     * lock: on SQLite the answer is a look at file locks that needs no transaction, so a tree that
     * is not alone never waits for the lock (which a process writing without pause keeps long) to
     * find out; on PostgreSQL it can only be asked inside the transaction ({@link
     * #aloneInTransaction}), and a transaction already open holds the lock anyway.
     */
    private boolean mayBeAlone() throws SQLException {
        return heldAlone
                || commits.isOpen()
                || dialect.exclusiveTenantLastsTheTransaction()
                || dialect.tryExclusiveTenant(sql, tenant);
    }

    private boolean aloneInTransaction() throws SQLException {
        if (heldAlone) {
            return true;
        }
        if (aloneInTransaction == null || !dialect.exclusiveTenantLastsTheTransaction()) {
            commits.begin();
            aloneInTransaction = dialect.tryExclusiveTenant(sql, tenant);
            undo.record(() -> aloneInTransaction = null); // a step rolled back let go of that lock
        }
        return aloneInTransaction;
    }

    @Override
    public boolean holdAlone() {
        return query(() -> {
            if (!heldAlone) {
                heldAlone = dialect.tryHoldJoinedTenantAlone(sql, tenant);
            }
            return heldAlone;
        });
    }

    @Override
    public void releaseAlone() {
        query(() -> {
            if (heldAlone) {
                heldAlone = false;
                dialect.releaseJoinedTenantAlone(sql, tenant);
            }
            return null;
        });
    }

    @Override
    public FileAttributes getattr(long ino) {
        return query(() -> attributes(existing(ino)));
    }

    @Override
    public long parent(long dir) {
        return query(() -> {
            directory(dir);
            if (dir == ROOT) {
                return ROOT;
            }
            long parent = dirents.parentOf(dir);
            if (parent == DirentTable.ABSENT) {
                throw new FsException(FsError.NOT_FOUND, "directory " + dir + " has been removed");
            }
            return parent;
        });
    }

    @Override
    public FileAttributes lookup(long dir, String name) {
        Names.check(name);
        return query(() -> attributes(existing(entry(directory(dir), name))));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A size change is buffered like a write ({@link FileContent#truncate}); a file with appends
     * buffered is committed first, so that they are placed before it is cut.
     */
    @Override
    public FileAttributes setattr(long ino, SetAttributes changes) {
        return change(() -> changes.size() != null && content.hasAppends(ino), () -> {
            InodeRow row = existing(ino);
            if (changes.size() != null) {
                long size = changes.size();
                if (row.isDirectory()) {
                    throw new FsException(FsError.IS_DIRECTORY, "cannot change the size of a directory");
                }
                if (row.type() != FileType.REGULAR || size < 0) {
                    throw new FsException(FsError.INVALID, "invalid size change");
                }
                if (size > MAX_FILE_SIZE) {
                    throw new FsException(FsError.FILE_TOO_LARGE, "file size over " + MAX_FILE_SIZE + " bytes");
                }
            }
            long now = now();
            if (row.layer() != chain.top()) {
                commits.begin(); // the row is copied up into the top layer at once
            }
            if (changes.size() != null) {
                content.truncate(row, changes.size(), now);
            }
            InodeRow current = content.current(row);
            long mtime = changes.mtimeNs() != null ? changes.mtimeNs() : current.mtimeNs();
            content.setTimes(ino, mtime, now); // what buffered writes would write, the flush writes
            row = row.withAttributes(
                    changes.mode() != null ? changes.mode() & 07777 : row.mode(),
                    changes.atimeNs() != null ? changes.atimeNs() : row.atimeNs(),
                    mtime,
                    now);
            inodes.updateAttributes(row);
            return attributes(row);
        });
    }

    @Override
    public FileAttributes create(long dir, String name, int mode, boolean exclusive) {
        Names.check(name);
        return change(() -> {
            InodeRow parent = directory(dir);
            long existing = dirents.lookup(dir, name);
            if (existing == DirentTable.ABSENT) {
                InodeRow created = addInode(parent, name, FileType.REGULAR, mode & 07777, null);
                if (created != null) {
                    return attributes(created);
                }
                existing = entry(parent, name); // another process created it meanwhile
            }
            if (exclusive) {
                throw new FsException(FsError.EXISTS, "file exists: " + name);
            }
            return attributes(existing(existing));
        });
    }

    @Override
    public FileAttributes mkdir(long dir, String name, int mode) {
        Names.check(name);
        return change(() -> {
            InodeRow parent = directory(dir);
            requireFree(dir, name);
            return attributes(added(addInode(parent, name, FileType.DIRECTORY, mode & 07777, null), name));
        });
    }

    @Override
    public FileAttributes symlink(long dir, String name, String target) {
        Names.check(name);
        if (target == null || target.isEmpty()) {
            throw new FsException(FsError.INVALID, "empty symlink target");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > SYMLINK_MAX) {
            throw new FsException(FsError.NAME_TOO_LONG, "symlink target over " + SYMLINK_MAX + " bytes");
        }
        return change(() -> {
            InodeRow parent = directory(dir);
            requireFree(dir, name);
            return attributes(added(addInode(parent, name, FileType.SYMLINK, 0777, target), name));
        });
    }

    @Override
    public FileAttributes link(long ino, long newDir, String newName) {
        Names.check(newName);
        return change(() -> {
            InodeRow row = existing(ino);
            if (row.isDirectory()) {
                throw new FsException(FsError.NOT_PERMITTED, "cannot hard-link a directory");
            }
            if (row.nlink() == 0) {
                throw new FsException(FsError.NOT_FOUND, "inode " + ino + " has been removed");
            }
            InodeRow parent = directory(newDir);
            requireFree(newDir, newName);
            long now = now();
            commits.begin();
            if (!dirents.insert(newDir, newName, ino)) {
                throw new FsException(FsError.EXISTS, "file exists: " + newName);
            }
            inodes.updateAttributes(parent.entriesChanged(0, now));
            InodeRow linked = row.withNlink(row.nlink() + 1, now);
            inodes.updateAttributes(linked);
            return attributes(linked);
        });
    }

    @Override
    public String readlink(long ino) {
        return query(() -> {
            InodeRow row = existing(ino);
            if (row.type() != FileType.SYMLINK) {
                throw new FsException(FsError.INVALID, "not a symbolic link");
            }
            return row.symlinkTarget();
        });
    }

    @Override
    public void unlink(long dir, String name) {
        Names.check(name);
        change(() -> {
            InodeRow parent = directory(dir);
            InodeRow row = existing(entry(parent, name));
            if (row.isDirectory()) {
                throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + name);
            }
            long now = now();
            commits.begin();
            if (!dirents.delete(dir, name, row.ino())) {
                throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + name);
            }
            inodes.updateAttributes(parent.entriesChanged(0, now));
            inodes.updateAttributes(row.withNlink(row.nlink() - 1, now));
            return null;
        });
    }

    @Override
    public void rmdir(long dir, String name) {
        Names.check(name);
        change(() -> {
            InodeRow parent = directory(dir);
            InodeRow row = existing(entry(parent, name));
            if (!row.isDirectory()) {
                throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + name);
            }
            if (!dirents.isEmpty(row.ino())) {
                throw new FsException(FsError.NOT_EMPTY, "directory not empty: " + name);
            }
            commits.begin();
            if (!dirents.delete(dir, name, row.ino())) {
                throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + name);
            }
            inodes.delete(row.ino());
            inodes.updateAttributes(parent.entriesChanged(-1, now()));
            return null;
        });
    }

    @Override
    public void rename(long fromDir, String fromName, long toDir, String toName) {
        Names.check(fromName);
        Names.check(toName);
        change(() -> {
            InodeRow from = directory(fromDir);
            InodeRow to = directory(toDir);
            InodeRow source = existing(entry(from, fromName));
            long targetIno = dirents.lookup(toDir, toName);
            if (targetIno == source.ino()) {
                return null; // the same inode under both names (or the same name): POSIX does nothing
            }
            InodeRow target = targetIno == DirentTable.ABSENT ? null : existing(targetIno);
            if (source.isDirectory()) {
                requireNotInSubtree(source.ino(), toDir);
            }
            if (target != null) {
                if (source.isDirectory() && !target.isDirectory()) {
                    throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + toName);
                }
                if (!source.isDirectory() && target.isDirectory()) {
                    throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + toName);
                }
                if (target.isDirectory() && !dirents.isEmpty(target.ino())) {
                    throw new FsException(FsError.NOT_EMPTY, "directory not empty: " + toName);
                }
            }
            long now = now();
            commits.begin();
            long toDelta = 0;
            if (target != null && !dirents.delete(toDir, toName, target.ino())) {
                target = null; // another process removed or renamed the target meanwhile
            }
            if (target != null) {
                if (target.isDirectory()) {
                    inodes.delete(target.ino());
                    toDelta--;
                } else {
                    inodes.updateAttributes(target.withNlink(target.nlink() - 1, now));
                }
            }
            if (!dirents.move(fromDir, fromName, toDir, toName, source.ino())) {
                if (target != null) {
                    // the target's removal is already in the transaction: only a rollback undoes it
                    throw new SQLException("rename raced with another process; the uncommitted changes are lost");
                }
                throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + fromName);
            }
            inodes.updateAttributes(source.withNlink(source.nlink(), now));
            long moved = source.isDirectory() && fromDir != toDir ? 1 : 0;
            if (fromDir == toDir) {
                inodes.updateAttributes(from.entriesChanged(toDelta, now));
            } else {
                inodes.updateAttributes(from.entriesChanged(-moved, now));
                inodes.updateAttributes(inodes.find(toDir).entriesChanged(toDelta + moved, now));
            }
            return null;
        });
    }

    @Override
    public List<DirEntry> readdir(long dir, long cookie, int max) {
        return query(() -> {
            directory(dir);
            return max <= 0 ? List.of() : dirents.page(dir, cookie, max);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two queries a page: its entries, then the rows of those of their inodes that this tree
     * has not cached or changed.
     */
    @Override
    public List<DirEntryPlus> readdirPlus(long dir, long cookie, int max) {
        return query(() -> {
            directory(dir);
            if (max <= 0) {
                return List.of();
            }
            long after = cookie;
            while (true) {
                List<DirEntry> page = dirents.page(dir, after, max);
                if (page.isEmpty()) {
                    return List.of();
                }
                Map<Long, InodeRow> rows =
                        inodes.findAll(page.stream().map(DirEntry::ino).toList());
                List<DirEntryPlus> out = new ArrayList<>(page.size());
                for (DirEntry e : page) {
                    InodeRow row = rows.get(e.ino());
                    if (row != null) {
                        out.add(new DirEntryPlus(e, attributes(row)));
                    }
                }
                if (!out.isEmpty()) {
                    return out;
                }
                after = page.get(page.size() - 1).cookie(); // every inode of the page gone: empty means the end
            }
        });
    }

    @Override
    public int read(long ino, long offset, byte[] buffer, int bufferOffset, int len) {
        return query(() -> {
            InodeRow row = regularFile(ino, offset);
            return content.read(row, offset, buffer, bufferOffset, len);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>A file with appends buffered is committed first, so that they are placed before this write.
     */
    @Override
    public void write(long ino, long offset, byte[] data, int dataOffset, int len) {
        change(() -> len > 0 && (content.hasAppends(ino) || quotaWaitsForFreedSpace(len)), () -> {
            InodeRow row = regularFile(ino, offset);
            if (offset > MAX_FILE_SIZE - len) {
                throw new FsException(FsError.FILE_TOO_LARGE, "file size over " + MAX_FILE_SIZE + " bytes");
            }
            if (len > 0) {
                quota.checkWrite(content.bufferedBytes(), len);
                content.write(row, offset, data, dataOffset, len, now());
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Buffered like {@link #write}; the bytes are placed when the buffer is committed, at the end
     * the file then has in the database (read in the committing transaction, the row locked on
     * PostgreSQL), so that appends of other processes committed meanwhile come first. A file with
     * positional writes or a truncate buffered is committed first (and one with appends buffered
     * before a positional write or a truncate): each kind takes effect in call order.
     */
    @Override
    public long append(long ino, byte[] data, int dataOffset, int len) {
        return change(() -> len > 0 && (content.hasPositionalWrites(ino) || quotaWaitsForFreedSpace(len)), () -> {
            InodeRow row = regularFile(ino, 0);
            long size = content.current(row).size();
            if (size > MAX_FILE_SIZE - len) {
                throw new FsException(FsError.FILE_TOO_LARGE, "file size over " + MAX_FILE_SIZE + " bytes");
            }
            if (len == 0) {
                return size;
            }
            quota.checkWrite(content.bufferedBytes(), len);
            return content.append(row, data, dataOffset, len, now());
        });
    }

    @Override
    public void sync(long ino) {
        run(() -> {
            usable();
            existing(ino);
            commitNow();
            return null;
        });
    }

    @Override
    public void syncAll() {
        run(() -> {
            usable();
            commitNow();
            return null;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        try {
            if (failure == null && scratch != 0) {
                run(() -> {
                    discardScratch();
                    return null;
                });
            } else if (failure == null) {
                run(() -> {
                    commitNow(); // the orphan query reads nlink from the table
                    freeOrphans();
                    committed(commits.commit());
                    if (!journal.isEmpty()) {
                        writeJournalAlone(); // events of calls that changed nothing
                    }
                    return null;
                });
            }
        } finally {
            closed = true;
            staleCommits.cancel(false);
            releaseScratch(); // published, discarded, or (after a failure) left for gc
            if (heldAlone) {
                heldAlone = false;
                try {
                    dialect.releaseJoinedTenantAlone(sql, tenant);
                } catch (SQLException ignored) {
                    // leaving the tenant (SQLite) or closing the connection (PostgreSQL) ends it too
                }
            }
            release(sql, dialect, tenant, connection);
            onClose.run();
        }
    }

    /** Gives up the liveness mark of this tree's scratch layer, if it holds one; never throws. */
    private void releaseScratch() {
        if (heldScratch == 0) {
            return;
        }
        try {
            dialect.releaseScratch(sql, tenant, heldScratch);
        } catch (SQLException ignored) {
            // the connection is closed next, which ends a PostgreSQL session's lock anyway
        }
        heldScratch = 0;
    }

    /** Leaves the tenant and closes the connection; never throws. */
    private static void release(Statements sql, SqlDialect dialect, long tenant, Connection connection) {
        try {
            dialect.leaveTenant(sql, tenant);
        } catch (SQLException ignored) {
            // the connection is closed next, which ends a PostgreSQL session's lock anyway
        }
        sql.close();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the data is committed (or the failure already reported)
        }
    }

    // ---- helpers: every one runs under the lock, inside run() ----

    /** An operation on the database that may throw SQLException. */
    private interface Step<T> {
        T run() throws SQLException;
    }

    /** Runs a read-only step. */
    private <T> T query(Step<T> step) {
        return run(() -> {
            usable();
            return step.run();
        });
    }

    /** Whether an operation must commit what is pending before it runs. */
    private interface CommitFirst {
        boolean needed() throws SQLException;
    }

    /** Runs a step that changes the tree (see {@link #attempt}), then commits if the group is due. */
    private <T> T change(Step<T> step) {
        return change(() -> false, step);
    }

    /** As {@link #change(Step)}, committing everything pending first when {@code commitFirst} says so. */
    private <T> T change(CommitFirst commitFirst, Step<T> step) {
        return run(() -> {
            usable();
            if (!chain.writable()) {
                throw new FsException(FsError.READ_ONLY, "a snapshot is read-only");
            }
            if (commitFirst.needed()) {
                commitNow();
            }
            T result = attempt(step, true);
            if (commits.changed(content.bufferedBytes())) {
                if (atomicDepth > 0) {
                    commitDue = true; // after the change's audit event is recorded: see atomically()
                } else {
                    commitNow();
                }
            }
            return result;
        });
    }

    /**
     * Runs a step that changes the tree: an operation, or (operation false) a commit. When one of its
     * statements fails transiently (SqlDialect#isTransient: PostgreSQL chose this transaction to
     * break a deadlock, or SQLite stayed busy), the step's statements alone are rolled back (it
     * started the transaction, or set a savepoint first: GroupCommit#begin), its in-memory changes
     * are put back ({@link UndoLog}) and the cached rows forgotten, and it is tried again, up to
     * {@link #ATTEMPTS} times. Before an operation is tried again, the operations before it are
     * committed, which releases the locks the other transaction waits for. An operation that still
     * fails is one failed call ({@code IO}), the filesystem stays usable; a commit that still fails,
     * or any other storage failure, disables it (see {@link #run}).
     */
    private <T> T attempt(Step<T> step, boolean operation) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            commits.beginStep();
            undo.begin();
            content.beginStep();
            chunks.beginStep(undo);
            try {
                T result = step.run();
                undo.forget();
                commits.endStep();
                return result;
            } catch (SQLException e) {
                if (!dialect.isTransient(e) || !commits.canUndoStep()) {
                    undo.forget();
                    commits.endStep();
                    throw e;
                }
                commits.undoStep();
                undo.undo();
                caches.forgetRows();
                if (attempt == ATTEMPTS && !operation) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw new FsException(
                            FsError.IO,
                            "storage busy after " + ATTEMPTS + " attempts, nothing done: "
                                    + SqlDialect.firstLine(e.getMessage()),
                            e);
                }
                if (operation) {
                    commitNow();
                }
                backOff(attempt);
            } catch (RuntimeException e) {
                undo.forget(); // a contract error: the step changed nothing it must undo
                commits.endStep();
                throw e;
            }
        }
    }

    /** Waits a little, more after each attempt and not in step with the other process. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsException(FsError.IO, "interrupted while the storage was busy");
        }
    }

    /**
     * Run by the group-commit timer; skips a filesystem that is busy (its owner commits in time).
     * A failure is kept and reported by the next call.
     */
    private void commitIfStale() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (!closed && failure == null && commits.stale()) {
                run(() -> {
                    commitNow();
                    return null;
                });
            }
        } catch (FsException e) {
            // A storage failure is recorded in failure by run(); a full storage, which discarded the
            // uncommitted changes, is reported once by the next call.
            if (e.error() == FsError.NO_SPACE) {
                discardedWhenFull = e.getMessage();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Commits every change of this tree, in one transaction (tried again as {@link #attempt} says). */
    private void commitNow() throws SQLException {
        attempt(
                () -> {
                    if (content.hasPendingWork() || inodes.hasDeferred()) {
                        commits.begin();
                        // Every row the commit updates, locked first in inode order: two commits never wait
                        // for each other in a cycle (PostgreSQL; SQLite's write lock is held already).
                        inodes.lockForCommit(content.bufferedInodes());
                        content.flushAll();
                        inodes.flushDeferred();
                    }
                    committed(commits.commit());
                    return null;
                },
                false);
    }

    /**
     * After a commit that produced tenant version {@code version}: when that is not the next one
     * after the version the caches were read at, another process committed in between, and the
     * cached rows are forgotten.
     */
    private void committed(long version) {
        aloneInTransaction = null;
        freedSinceCommit = false;
        journal.committed();
        if (version == GroupCommit.NOTHING_COMMITTED) {
            return;
        }
        quota.committed();
        store.committed();
        if (version != seenVersion + 1) {
            caches.forgetRows();
        }
        seenVersion = version;
    }

    /**
     * Runs a step under the lock; a storage failure rolls back and disables the filesystem, except a
     * full storage: that rolls back to the last commit and fails the call with NO_SPACE.
     */
    private <T> T run(Step<T> step) {
        lock.lock();
        try {
            return step.run();
        } catch (SQLException e) {
            commits.rollback();
            aloneInTransaction = null;
            freedSinceCommit = false;
            journal.rolledBack();
            content.discard();
            caches.clear();
            inodes.discard();
            String message = SqlDialect.firstLine(e.getMessage());
            if (dialect.isFull(e)) {
                // A full disk is no reason to give up the tree: what was committed is intact, the
                // changes since are gone (as after a crash), and the program may free space and go on.
                quota.committed();
                store.storageFull();
                throw new FsException(
                        FsError.NO_SPACE, "storage full; the changes since the last commit are lost: " + message, e);
            }
            failure = message;
            throw new FsException(FsError.IO, "storage failed: " + failure, e);
        } finally {
            lock.unlock();
        }
    }

    private void usable() {
        if (closed) {
            throw new FsException(FsError.IO, "filesystem is closed");
        }
        if (failure != null) {
            throw new FsException(FsError.IO, "filesystem unusable after a storage failure: " + failure);
        }
        if (discardedWhenFull != null) {
            String message = discardedWhenFull;
            discardedWhenFull = null;
            throw new FsException(FsError.NO_SPACE, message);
        }
    }

    private FileAttributes attributes(InodeRow row) {
        return content.current(row).attributes();
    }

    private InodeRow existing(long ino) throws SQLException {
        InodeRow row = inodes.find(ino);
        if (row == null) {
            throw new FsException(FsError.NOT_FOUND, "no inode " + ino);
        }
        return row;
    }

    private InodeRow directory(long ino) throws SQLException {
        InodeRow row = existing(ino);
        if (!row.isDirectory()) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a directory: inode " + ino);
        }
        return row;
    }

    private InodeRow regularFile(long ino, long offset) throws SQLException {
        InodeRow row = existing(ino);
        if (row.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: inode " + ino);
        }
        if (row.type() != FileType.REGULAR) {
            throw new FsException(FsError.INVALID, "not a regular file: inode " + ino);
        }
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "negative offset");
        }
        return row;
    }

    private long entry(InodeRow dir, String name) throws SQLException {
        long ino = dirents.lookup(dir.ino(), name);
        if (ino == DirentTable.ABSENT) {
            throw new FsException(FsError.NOT_FOUND, "no such file or directory: " + name);
        }
        return ino;
    }

    private void requireFree(long dir, String name) throws SQLException {
        if (dirents.lookup(dir, name) != DirentTable.ABSENT) {
            throw new FsException(FsError.EXISTS, "file exists: " + name);
        }
    }

    /** Refuses to move directory {@code moved} into {@code dir} when dir is moved or lies under it. */
    private void requireNotInSubtree(long moved, long dir) throws SQLException {
        for (long d = dir; d != ROOT; d = dirents.parentOf(d)) {
            if (d == moved) {
                throw new FsException(FsError.INVALID, "cannot move a directory into itself");
            }
            if (d == DirentTable.ABSENT) {
                break;
            }
        }
    }

    /**
     * Adds an inode under {@code name}; returns null, having changed nothing, when the name was
     * taken meanwhile (by another process: this one checked it was free).
     */
    private InodeRow addInode(InodeRow parent, String name, FileType type, int mode, String target)
            throws SQLException {
        long now = now();
        commits.begin();
        long ino = inodes.allocate();
        long nlink = type == FileType.DIRECTORY ? 2 : 1;
        long size = target == null ? 0 : target.getBytes(StandardCharsets.UTF_8).length;
        InodeRow row = new InodeRow(ino, type, mode, nlink, size, now, now, now, target, false, chain.top());
        if (inodes.insertNamed(row, parent.ino(), name)) {
            dirents.inserted(parent.ino(), name, ino);
        } else {
            // The entry first: it is the statement that can find the name taken (or, over lower
            // layers, a whiteout that the new entry replaces).
            if (!dirents.insert(parent.ino(), name, ino)) {
                return null;
            }
            inodes.insert(row);
        }
        chunks.knownEmpty(ino); // a new inode number: no layer has chunks or entries for it
        if (type == FileType.DIRECTORY) {
            dirents.created(ino);
        }
        inodes.updateAttributes(parent.entriesChanged(type == FileType.DIRECTORY ? 1 : 0, now));
        return row;
    }

    /** {@code row}, or EXISTS when {@link #addInode} found the name taken. */
    private static InodeRow added(InodeRow row, String name) {
        if (row == null) {
            throw new FsException(FsError.EXISTS, "file exists: " + name);
        }
        return row;
    }

    /**
     * Frees inodes that no entry names (left by a crash, or unlinked while open) inside the write
     * transaction, but only when no other process has the tenant open: one of them may still
     * read the inode through an open descriptor.
     */
    private void freeOrphans() throws SQLException {
        List<Long> orphans = inodes.orphans();
        if (orphans.isEmpty()) {
            return;
        }
        if (!mayBeAlone()) {
            return;
        }
        commits.begin();
        if (!dialect.tryExclusiveTenant(sql, tenant)) {
            return; // the last process to leave the tenant (or the next to open it alone) frees them
        }
        for (long ino : orphans) {
            InodeRow row = inodes.find(ino);
            if (row != null) {
                content.delete(row);
            }
        }
        content.flushAll(); // collects the chunks the orphans held
        inodes.flushDeferred(); // deletes their rows
    }

    // ---- the audit journal: events written in this tree's own commits (see AuditJournal) ----

    /** Adds an event to the next commit; false when this tree can commit no more (closed or failed). */
    boolean journal(AuditEvent event) {
        lock.lock();
        try {
            if (closed || failure != null) {
                return false;
            }
            journal.add(event);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Events waiting for a commit. */
    int journalSize() {
        lock.lock();
        try {
            return journal.size();
        } finally {
            lock.unlock();
        }
    }

    /** Registers what runs inside each commit's transaction before the journal is written. */
    void beforeEachCommit(Runnable hook) {
        lock.lock();
        try {
            journal.beforeCommit(hook);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a change of the tree and the record of its audit events with no commit between them:
     * the group-commit timer waits for the lock, and a commit that the change made due is made
     * once the call has returned (and so recorded).
     */
    <T> T atomically(Supplier<T> call) {
        lock.lock();
        try {
            atomicDepth++;
            T result;
            try {
                result = call.get();
            } finally {
                atomicDepth--;
            }
            if (atomicDepth == 0 && commitDue && !closed && failure == null) {
                commitDue = false;
                run(() -> {
                    commitNow();
                    return null;
                });
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Commits the tree, with the events waiting; the events no commit took (those of calls that
     * changed nothing) go in a transaction of their own. False when this tree can commit no more.
     */
    boolean flushJournal() {
        lock.lock();
        try {
            if (closed || failure != null) {
                return false;
            }
            run(() -> {
                commitNow();
                if (!journal.isEmpty()) {
                    writeJournalAlone();
                }
                return null;
            });
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Every event still waiting, taken away (for the store, once this tree can commit no more). */
    List<AuditEvent> takeJournal() {
        lock.lock();
        try {
            return journal.takeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes the journal in a transaction that changes nothing else (no tenant version bump). */
    private void writeJournalAlone() throws SQLException {
        dialect.beginWrite(sql);
        try {
            journal.writeInTransaction();
            sql.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            try {
                sql.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // run() reports the first failure and disables the tree
            }
            throw e;
        }
        journal.committed();
    }

    // ---- layers ----

    @Override
    public LayerInfo currentLayer() {
        return query(() -> {
            long id = currentLayerId();
            for (LayerInfo layer : layerTable.infos(scratch)) {
                if (layer.id() == id) {
                    return layer;
                }
            }
            throw new FsException(FsError.NOT_FOUND, "layer " + id + " has been dropped");
        });
    }

    @Override
    public long currentLayerId() {
        return chain.ids().get(0);
    }

    @Override
    public List<LayerInfo> layers() {
        return query(() -> layerTable.infos(scratch));
    }

    @Override
    public List<Snapshot> snapshots() {
        return query(layerTable::snapshots);
    }

    @Override
    public Optional<Snapshot> findSnapshot(String name) {
        return query(() -> Optional.ofNullable(layerTable.findSnapshot(name)));
    }

    @Override
    public Snapshot createSnapshot(String name, String message) {
        SnapshotNames.check(name);
        return reshape(() -> {
            if (layerTable.findSnapshot(name) != null) {
                throw new FsException(FsError.EXISTS, "snapshot exists: " + name);
            }
            long frozen = chain.top();
            Snapshot snapshot = new Snapshot(name, frozen, message == null ? "" : message, now(), false);
            layerTable.insertSnapshot(snapshot);
            moveTop(layerTable.create(frozen, false, null, now()));
            return snapshot; // cached rows stay true: the tree is the same, only frozen below a new top
        });
    }

    @Override
    public Snapshot tag(String snapshot, String tag) {
        SnapshotNames.check(tag);
        return rename(() -> {
            Snapshot target = existingSnapshot(snapshot);
            if (layerTable.findSnapshot(tag) != null) {
                throw new FsException(FsError.EXISTS, "snapshot exists: " + tag);
            }
            Snapshot named = new Snapshot(tag, target.layer(), "tag of " + target.name(), now(), true);
            layerTable.insertSnapshot(named);
            return named;
        });
    }

    @Override
    public Optional<Snapshot> restore(String name, boolean discard) {
        return reshape(() -> {
            Snapshot target = existingSnapshot(name);
            long replaced = chain.top();
            Snapshot kept = null;
            if (!discard) {
                kept = new Snapshot(
                        freeName("before-restore-" + TIMESTAMP.format(Instant.now())),
                        replaced,
                        "the state replaced by restoring " + name,
                        now(),
                        false);
                layerTable.insertSnapshot(kept);
            }
            moveTop(layerTable.create(target.layer(), false, null, now()));
            layerTable.deleteUnneeded(replaced);
            compactLayers();
            caches.forgetRows();
            return Optional.ofNullable(kept);
        });
    }

    @Override
    public void dropSnapshot(String name, boolean force) {
        rename(() -> {
            Snapshot dropped = existingSnapshot(name);
            List<String> dependents = dropped.tag() ? List.of() : dependents(dropped.layer());
            if (!dependents.isEmpty() && !force) {
                throw new FsException(
                        FsError.BUSY,
                        "snapshot " + name + " is the base of " + String.join(", ", dependents)
                                + " (drop them first, or use --force)");
            }
            layerTable.deleteSnapshot(name);
            layerTable.deleteUnneeded(dropped.layer());
            if (dialect.tryExclusiveTenant(sql, tenant)) {
                compactLayers();
            }
            return null;
        });
    }

    @Override
    public void publish() {
        lock.lock();
        try {
            run(() -> {
                usable();
                if (scratch == 0) {
                    throw new FsException(FsError.NOT_SUPPORTED, "only a scratch tree can be published");
                }
                commitNow();
                long into = chain.guard();
                attempt(
                        () -> { // one transaction, tried again if it deadlocks with another process's
                            commits.begin();
                            if (!layerTable.exists(scratch)) {
                                // Only a gc that took this run for dead deletes a scratch layer: what the run
                                // committed before that is gone, so publishing the rest would apply part of it.
                                throw new FsException(
                                        FsError.BUSY,
                                        "the run's private layer was deleted by another process"
                                                + " during the run; nothing of the run was applied");
                            }
                            String conflict = layerTable.mergeConflict(scratch, chain);
                            if (conflict != null) {
                                throw new FsException(
                                        FsError.BUSY,
                                        "the tree changed during the run: " + conflict
                                                + "; nothing of the run was applied");
                            }
                            Set<ChunkHash> replaced = layerTable.chunksReplacedByMerge(scratch, into);
                            layerTable.merge(scratch, into, LayerChain.below(sql, tenant, into));
                            chunks.collect(replaced);
                            committed(commits.commit());
                            return null;
                        },
                        false);
                scratch = 0;
                chain = LayerChain.writable(sql, tenant, into, into);
                caches.forgetRows(); // cached rows name the scratch layer, which is gone
                return null;
            });
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a step that changes names of layers (tag, drop), not which layer is on top: commits this
     * tree's changes first, then runs the step in a transaction of its own. Other trees of the
     * tenant may be open meanwhile.
     */
    private <T> T rename(Step<T> step) {
        return run(() -> {
            usable();
            if (!chain.writable()) {
                throw new FsException(FsError.READ_ONLY, "a snapshot view is read-only");
            }
            if (scratch != 0) {
                throw new FsException(
                        FsError.NOT_SUPPORTED,
                        "snapshots are named and dropped on the tenant's tree,"
                                + " not in an --atomic or --ephemeral run (its changes are not the tree's until published)");
            }
            commitNow();
            commits.begin();
            try {
                T result = step.run();
                committed(commits.commit());
                return result;
            } catch (FsException e) {
                commits.rollback(); // nothing of this tree was pending: commitNow() ran first
                throw e;
            }
        });
    }

    /**
     * Runs a step that changes which layer is on top: commits this tree's changes first, then runs
     * the step in a transaction of its own that holds the tenant to itself.
     */
    private <T> T reshape(Step<T> step) {
        return run(() -> {
            usable();
            if (scratch != 0 || !chain.writable()) {
                throw new FsException(
                        FsError.NOT_SUPPORTED,
                        "snapshots are taken and restored on the tenant's tree,"
                                + " not in an --atomic or --ephemeral run or a snapshot view");
            }
            commitNow();
            commits.begin();
            try {
                if (!dialect.tryExclusiveTenant(sql, tenant) || layerTable.top() != chain.guard()) {
                    throw new FsException(FsError.BUSY, "the tenant is open in another process");
                }
                T result = step.run();
                committed(commits.commit());
                return result;
            } catch (FsException e) {
                commits.rollback(); // nothing of this tree was pending: commitNow() ran first
                throw e;
            }
        });
    }

    /**
     * Squashes the layers nothing names any more into their only child (see
     * {@link LayerTable#compact}) and reloads this tree's chain, whose layer ids may have gone.
     * Inside the transaction, with the tenant to itself.
     */
    private void compactLayers() throws SQLException {
        if (layerTable.compact() > 0) {
            long top = layerTable.top();
            chain = LayerChain.writable(sql, tenant, top, top);
            caches.forgetRows();
        }
    }

    /** Makes {@code layer} the tenant's top layer and this tree's (inside the transaction). */
    private void moveTop(long layer) throws SQLException {
        layerTable.setTop(layer);
        chain = LayerChain.writable(sql, tenant, layer, layer);
    }

    /**
     * After another process committed: if it moved the tenant's top layer (a snapshot or restore;
     * possible only for a SQLite tree that joined while that transaction ran, see
     * SqlDialect#tryExclusiveTenant), follow it when nothing of this tree is pending; otherwise the
     * next commit fails rather than write into a frozen layer.
     */
    private void followTop() throws SQLException {
        if (scratch != 0 || !chain.writable()) {
            return;
        }
        long top = layerTable.top();
        if (top != chain.guard() && !commits.isOpen() && !content.hasPendingWork() && !inodes.hasDeferred()) {
            chain = LayerChain.writable(sql, tenant, top, top);
        }
    }

    /** Throws away a scratch tree's layer and the chunks only it referred to. */
    private void discardScratch() throws SQLException {
        commits.rollback();
        content.discard();
        inodes.discard();
        caches.clear();
        commits.begin();
        chunks.release(scratch, releasedOnDiscard);
        layerTable.deleteLayer(scratch);
        chunks.collect(releasedOnDiscard);
        committed(commits.commit());
        scratch = 0;
    }

    private Snapshot existingSnapshot(String name) throws SQLException {
        Snapshot found = layerTable.findSnapshot(name);
        if (found == null) {
            throw new FsException(FsError.NOT_FOUND, "no such snapshot: " + name);
        }
        return found;
    }

    /** Names of the snapshots built on {@code layer}: their layer has it below. */
    private List<String> dependents(long layer) throws SQLException {
        Map<Long, Long> parents = new HashMap<>();
        for (LayerTable.Row row : layerTable.all()) {
            parents.put(row.id(), row.parent());
        }
        List<String> names = new ArrayList<>();
        for (Snapshot s : layerTable.snapshots()) {
            for (long l = parents.getOrDefault(s.layer(), 0L); l != 0; l = parents.getOrDefault(l, 0L)) {
                if (l == layer) {
                    names.add(s.name());
                    break;
                }
            }
        }
        return names;
    }

    /** {@code base}, or {@code base-2}, {@code base-3}... whichever no snapshot has. */
    private String freeName(String base) throws SQLException {
        String name = base;
        for (int i = 2; layerTable.findSnapshot(name) != null; i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
