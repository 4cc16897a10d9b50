package io.tarbox.core.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * The filesystem contract: one tenant's tree (or one host directory), addressed by inode, in the
 * shape of FUSE's low-level API. Everything Tarbox stores goes through this interface; the WASI host
 * and the CLI never see how it is stored.
 *
 * <p>Every method throws {@link FsException}; the errors each may raise are listed with it, and an
 * implementation raises no other (apart from {@link FsError#IO} when the storage itself fails, and
 * {@link FsError#READ_ONLY} from any mutating call on a read-only filesystem).
 *
 * <p>Names are single path components: not empty, not "." or "..", no '/' or NUL, at most
 * {@link #NAME_MAX} bytes of UTF-8. A bad name raises {@link FsError#INVALID} (or
 * {@link FsError#NAME_TOO_LONG}). Path walking is not done here: see
 * {@code io.tarbox.core.path.PathResolver}.
 *
 * <p>Durability: {@link #write} may buffer in memory. {@link #sync} returns once that inode's data and
 * metadata are committed; {@link #syncAll} and {@link #close} commit everything. Each commit is
 * atomic: after a crash the tree is as of some commit, never in between. Reads always see this
 * instance's own buffered writes.
 *
 * <p>Implementations are safe for use by several threads; the WASI host uses one thread per run.
 */
public interface FilesystemInterface extends AutoCloseable {

    /** Longest name, in bytes of UTF-8. */
    int NAME_MAX = 255;

    /** The root directory's inode number. */
    long rootIno();

    /**
     * Attributes of an inode. [lstat(2)]
     *
     * @throws FsException NOT_FOUND if the inode does not exist (any more)
     */
    FileAttributes getattr(long ino);

    /**
     * The directory that contains directory {@code dir}; the root's parent is the root itself.
     * Directories have exactly one parent (no hard links to directories), so this is well defined.
     *
     * @throws FsException NOT_FOUND, NOT_DIRECTORY
     */
    long parent(long dir);

    /**
     * Looks a name up in a directory; does not follow a symlink the name refers to.
     *
     * @throws FsException NOT_FOUND, NOT_DIRECTORY if {@code dir} is not a directory, INVALID,
     *     NAME_TOO_LONG
     */
    FileAttributes lookup(long dir, String name);

    /**
     * Changes size (truncate or extend with zeros), mode and/or times; sets ctime to now. Returns the
     * new attributes. [truncate(2), chmod(2), utimensat(2)]
     *
     * @throws FsException NOT_FOUND; IS_DIRECTORY when changing the size of a directory, INVALID when
     *     changing the size of a symlink or to a negative size, FILE_TOO_LARGE, NO_SPACE
     */
    FileAttributes setattr(long ino, SetAttributes changes);

    /**
     * Creates a regular file. If the name exists and {@code exclusive} is false, returns the existing
     * inode's attributes without changing it (the caller follows or refuses a symlink itself).
     * [open(2) with O_CREAT, O_EXCL when exclusive]
     *
     * @throws FsException EXISTS when exclusive and the name is taken, NOT_FOUND/NOT_DIRECTORY for
     *     {@code dir}, INVALID, NAME_TOO_LONG, NO_SPACE
     */
    FileAttributes create(long dir, String name, int mode, boolean exclusive);

    /**
     * Creates a directory. [mkdir(2)]
     *
     * @throws FsException EXISTS, NOT_FOUND/NOT_DIRECTORY for {@code dir}, INVALID, NAME_TOO_LONG,
     *     NO_SPACE
     */
    FileAttributes mkdir(long dir, String name, int mode);

    /**
     * Creates a symbolic link holding {@code target} verbatim (it is not checked or resolved).
     * [symlink(2)]
     *
     * @throws FsException EXISTS, NOT_FOUND/NOT_DIRECTORY for {@code dir}, INVALID (empty target),
     *     NAME_TOO_LONG (target over 4096 bytes), NO_SPACE
     */
    FileAttributes symlink(long dir, String name, String target);

    /**
     * Adds a hard link to an existing non-directory inode and increments its nlink. [link(2)]
     *
     * @throws FsException NOT_FOUND, EXISTS, NOT_PERMITTED when {@code ino} is a directory,
     *     NOT_DIRECTORY for {@code newDir}, INVALID, NAME_TOO_LONG
     */
    FileAttributes link(long ino, long newDir, String newName);

    /**
     * The target of a symbolic link. [readlink(2)]
     *
     * @throws FsException NOT_FOUND, INVALID when {@code ino} is not a symlink
     */
    String readlink(long ino);

    /**
     * Removes a non-directory entry; the inode's data is freed once no entry names it (open
     * descriptors of the WASI host keep reading through their inode until then). [unlink(2)]
     *
     * @throws FsException NOT_FOUND, IS_DIRECTORY, NOT_DIRECTORY for {@code dir}, INVALID
     */
    void unlink(long dir, String name);

    /**
     * Removes an empty directory. [rmdir(2)]
     *
     * @throws FsException NOT_FOUND, NOT_DIRECTORY (also when the entry is not a directory),
     *     NOT_EMPTY, INVALID
     */
    void rmdir(long dir, String name);

    /**
     * Renames atomically with POSIX replace semantics: an existing target is replaced when both are
     * non-directories or the target is an empty directory; renaming a name onto the same inode does
     * nothing. [rename(2)]
     *
     * @throws FsException NOT_FOUND, NOT_DIRECTORY (source is a directory, target is not), IS_DIRECTORY
     *     (target is a directory, source is not), NOT_EMPTY, INVALID (a directory into its own
     *     subtree), NAME_TOO_LONG
     */
    void rename(long fromDir, String fromName, long toDir, String toName);

    /**
     * Lists up to {@code max} entries of a directory, in a stable order, starting after the entry
     * whose cookie is {@code cookie} (0 starts at the beginning). "." and ".." are not included.
     * Cookies stay valid while the directory changes: entries added or removed meanwhile may or may
     * not be seen, but no surviving entry is returned twice or skipped. An empty list means the end.
     *
     * @throws FsException NOT_FOUND, NOT_DIRECTORY
     */
    List<DirEntry> readdir(long dir, long cookie, int max);

    /**
     * As {@link #readdir}, each entry with its inode's attributes as {@link #getattr} returns them:
     * what a listing with sizes and times (WebDAV's PROPFIND, {@code ls -l}) needs, without a call
     * per entry. An entry whose inode is gone by the time its attributes are read is left out;
     * as with readdir, an empty list means the end. The default calls getattr per entry; a store
     * where a call costs a round trip reads a page's attributes at once. [FUSE readdirplus]
     *
     * @throws FsException NOT_FOUND, NOT_DIRECTORY
     */
    default List<DirEntryPlus> readdirPlus(long dir, long cookie, int max) {
        long after = cookie;
        while (true) {
            List<DirEntry> page = readdir(dir, after, max);
            if (page.isEmpty()) {
                return List.of();
            }
            List<DirEntryPlus> out = new ArrayList<>(page.size());
            for (DirEntry e : page) {
                try {
                    out.add(new DirEntryPlus(e, getattr(e.ino())));
                } catch (FsException gone) {
                    if (gone.error() != FsError.NOT_FOUND) {
                        throw gone;
                    }
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            after = page.get(page.size() - 1).cookie(); // the whole page went meanwhile: empty means the end
        }
    }

    /**
     * Reads up to {@code len} bytes at {@code offset}; returns how many were read, 0 at or past the
     * end. Bytes never written inside the file's size (holes) read as zeros. [pread(2)]
     *
     * @throws FsException NOT_FOUND, IS_DIRECTORY, INVALID (negative offset or not a regular file)
     */
    int read(long ino, long offset, byte[] buffer, int bufferOffset, int len);

    /**
     * Writes {@code len} bytes at {@code offset}, extending the file as needed (a gap reads as zeros);
     * updates size, mtime and ctime. May only buffer: see the class comment. [pwrite(2)]
     *
     * @throws FsException NOT_FOUND, IS_DIRECTORY, INVALID (negative offset or not a regular file),
     *     FILE_TOO_LARGE, NO_SPACE
     */
    void write(long ino, long offset, byte[] data, int dataOffset, int len);

    /**
     * Appends {@code len} bytes at the end of a regular file, as write(2) on a descriptor opened with
     * O_APPEND; updates size, mtime and ctime. The bytes land at the end of the file as the storage
     * has it when they are committed: after everything another process (or another instance of the
     * same tree) committed to the file before, never over it and never past it with a gap, so that
     * appends of several writers all land, each whole. Returns the file's size after the append as
     * this instance sees it now; until the commit, another writer's appends may still come before
     * these bytes (a reader sees them where the commit put them). May only buffer: see the class
     * comment. Positional writes ({@link #write}) and appends of one file may be mixed; each takes
     * effect in the order of the calls. [write(2) with O_APPEND]
     *
     * @throws FsException NOT_FOUND, IS_DIRECTORY, INVALID (not a regular file), FILE_TOO_LARGE,
     *     NO_SPACE
     */
    long append(long ino, byte[] data, int dataOffset, int len);

    /**
     * Sets the size of a regular file. The same as {@code setattr(ino, SetAttributes.size(size))}.
     * [ftruncate(2)]
     */
    default FileAttributes truncate(long ino, long size) {
        return setattr(ino, SetAttributes.size(size));
    }

    /**
     * Returns once the inode's data and metadata (and everything committed with them) are durable.
     * [fsync(2)]
     *
     * @throws FsException NOT_FOUND
     */
    void sync(long ino);

    /** Commits every buffered change of this instance. [sync(2)] */
    void syncAll();

    /**
     * Makes every change that another process (or another instance on the same tenant) committed
     * before this call visible to the calls that follow it; an implementation that caches must not
     * serve a cached row older than that afterwards. This instance's own uncommitted changes stay
     * visible. The WASI host calls it at the start of {@code path_open}, {@code fd_readdir} and
     * {@code path_filestat_get}; it costs at most one cheap query. Does nothing by default (an
     * implementation without caches always reads the current state).
     *
     * @throws FsException IO when the storage fails
     */
    default void refresh() {}

    /**
     * Refreshes as {@link #refresh} does and says whether that made something visible that another
     * instance committed: false only when nothing changed since this instance last refreshed or
     * committed. The server answers its remote clients with it, so that their caches are dropped only
     * when they must be. True by default (an implementation that cannot tell).
     *
     * @throws FsException IO when the storage fails
     */
    default boolean refreshSeesChanges() {
        refresh();
        return true;
    }

    /**
     * Takes the tenant to this instance alone, when no other instance of it is open anywhere (in
     * this process or another): until {@link #releaseAlone}, or until this instance closes, an
     * instance of the tenant opening elsewhere waits, so nothing but this instance can commit to the
     * tenant and a {@link #refresh} would show nothing new. The server holds a tenant so for one
     * remote client at a time, which then needs no round trip to refresh (docs/server.md, "Remote
     * mode"). Holding it again is a no-op. False when another instance is open (or when the
     * implementation cannot tell: the default).
     *
     * @throws FsException IO when the storage fails
     */
    default boolean holdAlone() {
        return false;
    }

    /** Gives up what {@link #holdAlone} took, if anything; instances waiting to open go on. */
    default void releaseAlone() {}

    /**
     * A name of {@code ino} was removed (unlink, a rename over it), or its last {@link #hold} let go:
     * an inode whose last name is gone and that no user of this instance holds may then be freed
     * with its data at once rather than when this instance closes, so that a program deleting files
     * gets their space (and its quota) back while it runs. Nothing happens to an inode that is still
     * linked, that is held, or that another instance of the tenant might hold open (the default:
     * nothing at all).
     *
     * @throws FsException IO when the storage fails
     */
    default void forget(long ino) {}

    /**
     * A user of this instance holds {@code ino} open (a program's descriptor, a download sent in
     * pieces): {@link #forget} leaves it, unlinked or not, until the matching {@link #release}. An
     * instance that several users share (the server's tree of a tenant: its requests, its runs)
     * knows from these what any of them holds. Holds may nest.
     */
    default void hold(long ino) {}

    /**
     * Undoes one {@link #hold}; an unlinked inode nobody holds any more is then freed, as by
     * {@link #forget}.
     *
     * @throws FsException IO when the storage fails
     */
    default void release(long ino) {}

    /**
     * A user whose holds this instance cannot see uses it (a remote client: its descriptors are on
     * its own side): {@link #forget} frees nothing until the matching {@link #stopKeepingUnlinked};
     * the unlinked inodes go at the close, as before {@link #forget} existed. May nest.
     */
    default void keepUnlinked() {}

    /** Undoes one {@link #keepUnlinked}. */
    default void stopKeepingUnlinked() {}

    /**
     * {@link #forget} on behalf of a user that {@linkplain #keepUnlinked keeps unlinked inodes} and
     * says it does not hold {@code ino} (a remote client that tracks its own descriptors): frees it
     * unless another user of this instance holds it or keeps unlinked inodes too.
     *
     * @throws FsException IO when the storage fails
     */
    default void forgetAsKeeper(long ino) {}

    /** Whether every mutating call fails with READ_ONLY. */
    default boolean isReadOnly() {
        return false;
    }

    /** Commits every buffered change and releases resources. Further calls fail. */
    @Override
    void close();
}
