package io.tarbox.storage.sql;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import java.util.Optional;
import io.tarbox.core.path.Names;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tenant's tree in a SQL database: the {@link FilesystemInterface} contract over the
 * {@code inodes}, {@code dirents}, {@code chunks} and {@code file_chunks} tables.
 *
 * <p>Each operation validates everything before it changes anything, so a contract error never
 * leaves half an operation in the open transaction. Changes accumulate in one write transaction
 * (see {@link GroupCommit}); file data in the {@link WriteBuffer}. A storage failure rolls the
 * transaction back and makes the filesystem refuse further calls with {@link FsError#IO}.
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
    private final FileContent content;
    private final GroupCommit commits;
    private final Quota quota;
    private final FsCaches caches;
    private final Runnable onClose;
    /** Serializes all calls (and the group-commit timer, which only tries it). */
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledFuture<?> staleCommits;
    /** The tenant's version the cached rows were read at (see {@link TenantVersion}). */
    private long seenVersion;
    private boolean closed;
    private String failure;

    private SqlFilesystem(Connection connection, SqlDialect dialect, long tenant, Runnable onClose) {
        this.connection = connection;
        this.sql = new Statements(connection);
        this.dialect = dialect;
        this.tenant = tenant;
        this.caches = FsCaches.create();
        this.inodes = new InodeTable(sql, dialect, tenant, caches.attributes());
        this.dirents = new DirentTable(sql, tenant, caches.entries());
        ChunkStore chunks = new ChunkStore(sql, dialect, tenant, caches.chunks(), caches.chunkMaps());
        this.content = new FileContent(inodes, chunks);
        this.commits = new GroupCommit(sql, dialect, tenant, chunks::transactionEnded);
        this.quota = new Quota(sql, tenant);
        this.onClose = onClose;
    }

    /**
     * Opens the tree of tenant {@code tenant} over {@code connection}, which it then owns, and frees
     * inodes left unlinked by a crash (unless another process has the tenant open).
     */
    static SqlFilesystem open(Connection connection, SqlDialect dialect, long tenant, Runnable onClose)
            throws SQLException {
        SqlFilesystem fs = new SqlFilesystem(connection, dialect, tenant, onClose);
        try {
            dialect.joinTenant(fs.sql, tenant);
            fs.seenVersion = TenantVersion.read(fs.sql, tenant);
            fs.freeOrphans();
            fs.committed(fs.commits.commit());
            fs.staleCommits = GroupCommit.TIMER.scheduleWithFixedDelay(fs::commitIfStale,
                    GroupCommit.TIMER_PERIOD_MILLIS, GroupCommit.TIMER_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (SQLException e) {
            fs.sql.close();
            connection.close();
            throw e;
        }
        return fs;
    }

    @Override
    public long rootIno() {
        return ROOT;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One query of the tenant's version; when another process has committed since the cached
     * rows were read, they are forgotten. This instance's own uncommitted changes (deferred
     * attributes, buffered writes) stay.
     */
    @Override
    public void refresh() {
        query(() -> {
            long version = TenantVersion.read(sql, tenant);
            if (version != seenVersion) {
                caches.forgetRows();
                quota.committed();
                seenVersion = version;
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

    @Override
    public FileAttributes setattr(long ino, SetAttributes changes) {
        return change(() -> {
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
            commits.begin();
            content.flush(ino); // buffered size and times must not override what is set here
            row = existing(ino);
            if (changes.size() != null) {
                row = content.truncate(row, changes.size(), now);
            }
            row = row.withAttributes(
                    changes.mode() != null ? changes.mode() & 07777 : row.mode(),
                    changes.atimeNs() != null ? changes.atimeNs() : row.atimeNs(),
                    changes.mtimeNs() != null ? changes.mtimeNs() : row.mtimeNs(),
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

    @Override
    public int read(long ino, long offset, byte[] buffer, int bufferOffset, int len) {
        return query(() -> {
            InodeRow row = regularFile(ino, offset);
            return content.read(row, offset, buffer, bufferOffset, len);
        });
    }

    @Override
    public void write(long ino, long offset, byte[] data, int dataOffset, int len) {
        change(() -> {
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
            if (failure == null) {
                run(() -> {
                    if (content.hasPendingWork()) {
                        commits.begin();
                        content.flushAll();
                    }
                    if (inodes.hasDeferred()) {
                        commits.begin();
                        inodes.flushDeferred(); // the orphan query reads nlink from the table
                    }
                    freeOrphans();
                    committed(commits.commit());
                    return null;
                });
            }
        } finally {
            closed = true;
            staleCommits.cancel(false);
            sql.close();
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the data is committed (or the failure already reported)
            }
            onClose.run();
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

    /** Runs a step that changes the tree, then commits if the group is due. */
    private <T> T change(Step<T> step) {
        return run(() -> {
            usable();
            T result = step.run();
            if (commits.changed(content.bufferedBytes())) {
                commitNow();
            }
            return result;
        });
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
            // recorded in failure by run(); the next call reports it
        } finally {
            lock.unlock();
        }
    }

    private void commitNow() throws SQLException {
        if (content.hasPendingWork()) {
            commits.begin();
            content.flushAll();
        }
        if (inodes.hasDeferred()) {
            commits.begin();
            inodes.flushDeferred();
        }
        committed(commits.commit());
    }

    /**
     * After a commit that produced tenant version {@code version}: when that is not the next one
     * after the version the caches were read at, another process committed in between, and the
     * cached rows are forgotten.
     */
    private void committed(long version) {
        if (version == GroupCommit.NOTHING_COMMITTED) {
            return;
        }
        quota.committed();
        if (version != seenVersion + 1) {
            caches.forgetRows();
        }
        seenVersion = version;
    }

    /** Runs a step under the lock; a storage failure rolls back and disables the filesystem. */
    private <T> T run(Step<T> step) {
        lock.lock();
        try {
            return step.run();
        } catch (SQLException e) {
            commits.rollback();
            content.discard();
            caches.clear();
            inodes.discard();
            failure = SqlDialect.firstLine(e.getMessage());
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
        // The entry first: it is the statement that can find the name taken.
        if (!dirents.insert(parent.ino(), name, ino)) {
            return null;
        }
        long nlink = type == FileType.DIRECTORY ? 2 : 1;
        long size = target == null ? 0 : target.getBytes(StandardCharsets.UTF_8).length;
        InodeRow row = new InodeRow(ino, type, mode, nlink, size, now, now, now, target, false);
        inodes.insert(row);
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
        commits.begin();
        if (!dialect.tryExclusiveTenant(sql, tenant)) {
            return; // the last process to leave the tenant (or the next to open it alone) frees them
        }
        for (long ino : orphans) {
            content.delete(ino);
        }
        content.flushAll(); // collects the chunks the orphans held
    }

    // ---- layers (being implemented) ----

    @Override
    public LayerInfo currentLayer() {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public List<LayerInfo> layers() {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public List<Snapshot> snapshots() {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public Optional<Snapshot> findSnapshot(String name) {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public Snapshot createSnapshot(String name, String message) {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public Snapshot tag(String snapshot, String tag) {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public Optional<Snapshot> restore(String name, boolean discard) {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public void dropSnapshot(String name, boolean force) {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    @Override
    public void publish() {
        throw new FsException(FsError.NOT_SUPPORTED, "layers: not yet");
    }

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
