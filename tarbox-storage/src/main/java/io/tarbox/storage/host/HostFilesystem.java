package io.tarbox.storage.host;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.DirEntryPlus;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.IoErrors;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.path.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The contract over a directory of the host (a {@code --host-dir} preopen), through held directory
 * handles ({@link HostDirectory}), as cap-std does for wasmtime.
 *
 * <p>Every call acts on one name relative to the held handle of its directory, with
 * {@code O_NOFOLLOW} / {@code AT_SYMLINK_NOFOLLOW}; no host path below the root is ever built or
 * opened. A directory's handle is opened from its parent's handle the first time it is used and
 * checked to be the inode that was looked up, so another process swapping a directory for a
 * symlink (to anywhere) between two calls makes the second call fail, never leave the root.
 * {@link io.tarbox.core.path.PathResolver} does all the walking (".." included) over these calls.
 *
 * <p>Inode numbers are the host's. Up to {@value #DIRECTORY_HANDLES} directory handles are kept
 * (least recently used closed first); a directory whose handle was closed is opened again from the
 * entry under which it was last seen, walking down from the nearest held ancestor, each step
 * checked. A held handle keeps naming its directory wherever another process moves it, like an
 * open descriptor (wasmtime's descriptors behave the same).
 *
 * <p>Open files are kept in a small cache of descriptors; a file unlinked while open stays
 * readable through its inode, as in POSIX, until {@link #close}. Writes go straight to the host
 * file; {@link #sync} fsyncs.
 */
public final class HostFilesystem implements FilesystemInterface {
    private static final int OPEN_FILES = 64;
    private static final int DIRECTORY_HANDLES = 256;
    private static final int SYMLINK_MAX = 4096;

    /** An entry: directory {@code dir} (an inode) holds {@code name}. */
    private record Entry(long dir, String name) {}

    /** Where an inode was found: {@code name} in {@code dir}, or the directory {@code dir} itself when name is null. */
    private record Located(HostDirectory dir, String name, HostStat stat) {
        boolean isDirectory() {
            return name == null;
        }
    }

    private final Path rootPath;
    private final HostDirectory root;
    private final long rootIno;
    private final boolean readOnly;
    /** Held handles of directories below the root, least recently used first. */
    private final LinkedHashMap<Long, HostDirectory> directories = new LinkedHashMap<>(16, 0.75f, true);
    /** Handles dropped from {@link #directories}, closed when the call that dropped them is over. */
    private final List<HostDirectory> retired = new ArrayList<>();
    /** The entry under which each directory was last seen (a directory has one). */
    private final Map<Long, Entry> directoryEntries = new HashMap<>();
    /** Every entry under which each non-directory inode has been seen (hard links: several). */
    private final Map<Long, Set<Entry>> fileEntries = new HashMap<>();

    private final LinkedHashMap<Long, HostFile> openFiles = new LinkedHashMap<>(16, 0.75f, true);
    /** Files whose last name was removed while open: readable by inode until close. */
    private final Map<Long, HostFile> orphans = new HashMap<>();

    private boolean closed;

    /**
     * @param root an existing host directory; the tree the guest sees
     * @param readOnly refuse every mutating call with READ_ONLY
     * @throws FsException NOT_FOUND / NOT_DIRECTORY when {@code root} is not a directory;
     *     NOT_SUPPORTED where held directory handles are not available ({@link #unavailable()})
     */
    public HostFilesystem(Path root, boolean readOnly) {
        String unavailable = unavailable();
        if (unavailable != null) {
            throw new FsException(FsError.NOT_SUPPORTED, unavailable);
        }
        try {
            this.root = HostDirectory.open(root);
            this.rootIno = this.root.stat().ino();
        } catch (IOException e) {
            throw error(e);
        }
        this.rootPath = root;
        this.readOnly = readOnly;
    }

    /**
     * Why host directories cannot be used safely on this platform, or null when they can. Without
     * held directory handles, another process could swap a directory for a symlink while a path is
     * walked, so Tarbox refuses rather than run unsafely.
     */
    public static String unavailable() {
        return HostDirectory.unavailable();
    }

    @Override
    public long rootIno() {
        return rootIno;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public synchronized FileAttributes getattr(long ino) {
        begin();
        Located located = locate(ino);
        if (located != null) {
            return located.stat().attributes();
        }
        HostFile file = openFiles.containsKey(ino) ? openFiles.get(ino) : orphans.get(ino);
        if (file == null) {
            throw new FsException(FsError.NOT_FOUND, "no inode " + ino);
        }
        try {
            return file.stat().attributes(); // an open file whose names are gone: nlink 0
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized long parent(long dir) {
        begin();
        if (dir == rootIno) {
            return rootIno;
        }
        Entry entry = directoryEntries.get(dir);
        if (entry == null) {
            Located located = located(dir);
            throw located.isDirectory()
                    ? new FsException(FsError.NOT_FOUND, "directory is no longer where it was")
                    : new FsException(FsError.NOT_DIRECTORY, "not a directory");
        }
        HostStat there = statOrNull(directory(entry.dir()), entry.name());
        if (there == null || there.ino() != dir) {
            // Moved by another process: where to is unknown, and ".." of its handle may lie anywhere.
            throw new FsException(FsError.NOT_FOUND, "directory is no longer where it was");
        }
        return entry.dir();
    }

    @Override
    public synchronized FileAttributes lookup(long dir, String name) {
        Names.check(name);
        begin();
        HostStat stat = stat(directory(dir), name);
        seen(dir, name, stat);
        return stat.attributes();
    }

    @Override
    public synchronized FileAttributes setattr(long ino, SetAttributes changes) {
        if (changes.size() != null
                || changes.mode() != null
                || changes.atimeNs() != null
                || changes.mtimeNs() != null) {
            writable();
        } else {
            begin();
        }
        Located located = located(ino);
        HostStat stat = located.stat();
        try {
            if (changes.size() != null) {
                if (stat.isDirectory()) {
                    throw new FsException(FsError.IS_DIRECTORY, "cannot resize a directory");
                }
                if (!stat.isRegular() || changes.size() < 0) {
                    throw new FsException(FsError.INVALID, "cannot resize to " + changes.size());
                }
                file(ino, located, true).truncate(changes.size());
            }
            if (changes.mode() != null && !stat.isSymlink()) {
                if (located.isDirectory()) {
                    located.dir().setMode(changes.mode());
                } else {
                    located.dir().setMode(located.name(), changes.mode());
                }
            }
            if (changes.atimeNs() != null || changes.mtimeNs() != null) {
                if (located.isDirectory()) {
                    located.dir().setTimes(changes.atimeNs(), changes.mtimeNs());
                } else {
                    located.dir().setTimes(located.name(), changes.atimeNs(), changes.mtimeNs());
                }
            }
        } catch (IOException e) {
            throw error(e);
        }
        return located(ino).stat().attributes();
    }

    @Override
    public synchronized FileAttributes create(long dir, String name, int mode, boolean exclusive) {
        Names.check(name);
        writable();
        HostDirectory directory = directory(dir);
        HostStat stat;
        try (HostFile file = directory.createFile(name, mode)) {
            stat = file.stat();
        } catch (FileAlreadyExistsException e) {
            if (exclusive) {
                throw new FsException(FsError.EXISTS, "file exists: " + name);
            }
            stat = stat(directory, name);
        } catch (IOException e) {
            throw error(e);
        }
        seen(dir, name, stat);
        return stat.attributes();
    }

    @Override
    public synchronized FileAttributes mkdir(long dir, String name, int mode) {
        Names.check(name);
        writable();
        HostDirectory directory = directory(dir);
        try {
            directory.makeDirectory(name, mode);
        } catch (IOException e) {
            throw error(e);
        }
        HostStat stat = stat(directory, name);
        seen(dir, name, stat);
        return stat.attributes();
    }

    @Override
    public synchronized FileAttributes symlink(long dir, String name, String target) {
        Names.check(name);
        writable();
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVALID, "invalid symlink target");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > SYMLINK_MAX) {
            throw new FsException(FsError.NAME_TOO_LONG, "symlink target longer than " + SYMLINK_MAX + " bytes");
        }
        HostDirectory directory = directory(dir);
        try {
            directory.symlink(name, target); // the target verbatim: symlinkat(2) takes bytes
        } catch (IOException e) {
            throw error(e);
        }
        HostStat stat = stat(directory, name);
        seen(dir, name, stat);
        return stat.attributes();
    }

    @Override
    public synchronized FileAttributes link(long ino, long newDir, String newName) {
        Names.check(newName);
        writable();
        Located existing = located(ino);
        if (existing.isDirectory()) {
            throw new FsException(FsError.NOT_PERMITTED, "cannot hard-link a directory");
        }
        HostDirectory to = directory(newDir);
        try {
            existing.dir().link(existing.name(), to, newName);
        } catch (IOException e) {
            throw error(e);
        }
        HostStat stat = stat(to, newName);
        seen(newDir, newName, stat);
        return stat.attributes();
    }

    @Override
    public synchronized String readlink(long ino) {
        begin();
        Located located = located(ino);
        if (located.isDirectory() || !located.stat().isSymlink()) {
            throw new FsException(FsError.INVALID, "not a symbolic link");
        }
        try {
            return located.dir().readlink(located.name());
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void unlink(long dir, String name) {
        Names.check(name);
        writable();
        HostDirectory directory = directory(dir);
        HostStat stat = stat(directory, name);
        if (stat.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + name);
        }
        try {
            directory.unlink(name);
        } catch (IOException e) {
            throw error(e);
        }
        forget(stat, new Entry(dir, name));
    }

    @Override
    public synchronized void rmdir(long dir, String name) {
        Names.check(name);
        writable();
        HostDirectory directory = directory(dir);
        HostStat stat = stat(directory, name);
        if (!stat.isDirectory()) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + name);
        }
        try {
            directory.removeDirectory(name);
        } catch (IOException e) {
            throw error(e);
        }
        forgetDirectory(stat.ino());
    }

    /** The kernel's renameat(2) decides (replace rules, a directory into itself); we keep the books. */
    @Override
    public synchronized void rename(long fromDir, String fromName, long toDir, String toName) {
        Names.check(fromName);
        Names.check(toName);
        writable();
        HostDirectory from = directory(fromDir);
        HostDirectory to = directory(toDir);
        HostStat moved = stat(from, fromName);
        HostStat replaced = statOrNull(to, toName);
        if (replaced != null && replaced.sameFile(moved)) {
            return; // rename(2): two names of one file, nothing happens
        }
        try {
            from.rename(fromName, to, toName);
        } catch (IOException e) {
            throw error(e);
        }
        if (replaced != null) {
            forget(replaced, new Entry(toDir, toName));
        }
        if (moved.isDirectory()) {
            directoryEntries.put(moved.ino(), new Entry(toDir, toName));
        } else {
            Set<Entry> entries = fileEntries.computeIfAbsent(moved.ino(), k -> new LinkedHashSet<>());
            entries.remove(new Entry(fromDir, fromName));
            entries.add(new Entry(toDir, toName));
        }
    }

    /**
     * Lists in the order of a 63-bit hash of each name, which is also the entry's cookie. Cookies need
     * no state and stay valid while the directory changes: a removed entry just stops appearing, and
     * an added one lands at a random place (seen or not, as the contract allows), so a listing always
     * ends however fast entries are added. Two names with the same hash would be one position: with
     * 63 bits, not a practical concern.
     */
    @Override
    public synchronized List<DirEntry> readdir(long dir, long cookie, int max) {
        return readdirPlus(dir, cookie, max).stream().map(DirEntryPlus::entry).toList();
    }

    /** {@inheritDoc} The attributes come from the stat that readdir makes of each entry anyway. */
    @Override
    public synchronized List<DirEntryPlus> readdirPlus(long dir, long cookie, int max) {
        begin();
        HostDirectory directory = directory(dir);
        TreeMap<Long, String> ordered = new TreeMap<>();
        try {
            for (String name : directory.list()) {
                long c = cookie(name);
                if (Long.compareUnsigned(c, cookie) > 0) {
                    ordered.merge(c, name, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        } catch (IOException e) {
            throw error(e);
        }
        List<DirEntryPlus> entries = new ArrayList<>();
        for (Map.Entry<Long, String> e : ordered.entrySet()) {
            if (entries.size() >= max) {
                break;
            }
            HostStat stat = statOrNull(directory, e.getValue());
            if (stat != null) {
                seen(dir, e.getValue(), stat);
                entries.add(new DirEntryPlus(
                        new DirEntry(e.getValue(), stat.ino(), stat.type(), e.getKey()), stat.attributes()));
            }
        }
        return entries;
    }

    /** FNV-1a over the name's UTF-8 bytes, kept positive and non-zero. */
    private static long cookie(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        hash &= Long.MAX_VALUE;
        return hash == 0 ? 1 : hash;
    }

    @Override
    public synchronized int read(long ino, long offset, byte[] buffer, int bufferOffset, int len) {
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "negative offset");
        }
        HostFile file = regularFile(ino, false);
        if (len == 0) {
            return 0;
        }
        try {
            return file.read(offset, buffer, bufferOffset, len);
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void write(long ino, long offset, byte[] data, int dataOffset, int len) {
        writable();
        if (offset < 0) {
            throw new FsException(FsError.INVALID, "negative offset");
        }
        if (offset + len < 0) {
            throw new FsException(FsError.FILE_TOO_LARGE, "file too large");
        }
        HostFile file = regularFile(ino, true);
        try {
            file.write(offset, data, dataOffset, len);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** At the end of the host file as it is now (another host process may append at the same time). */
    @Override
    public synchronized long append(long ino, byte[] data, int dataOffset, int len) {
        writable();
        HostFile file = regularFile(ino, true);
        try {
            long end = file.stat().size();
            if (end + len < 0) {
                throw new FsException(FsError.FILE_TOO_LARGE, "file too large");
            }
            file.write(end, data, dataOffset, len);
            return end + len;
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void sync(long ino) {
        begin();
        HostFile file = openFiles.containsKey(ino) ? openFiles.get(ino) : orphans.get(ino);
        if (file == null) {
            getattr(ino); // NOT_FOUND for an unknown inode; nothing buffered otherwise
            return;
        }
        try {
            file.sync();
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void syncAll() {
        begin();
        try {
            for (HostFile file : openFiles.values()) {
                file.sync();
            }
            for (HostFile file : orphans.values()) {
                file.sync();
            }
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        openFiles.values().forEach(HostFile::close);
        orphans.values().forEach(HostFile::close);
        directories.values().forEach(HostDirectory::close);
        retired.forEach(HostDirectory::close);
        root.close();
        openFiles.clear();
        orphans.clear();
        directories.clear();
        retired.clear();
    }

    // --- directory handles ----------------------------------------------------------------------

    /** Starts a call: refuses a closed filesystem, closes the handles the last call dropped. */
    private void begin() {
        if (closed) {
            throw new FsException(FsError.IO, "filesystem closed");
        }
        if (!retired.isEmpty()) {
            retired.forEach(HostDirectory::close);
            retired.clear();
        }
    }

    private void writable() {
        begin();
        if (readOnly) {
            throw new FsException(FsError.READ_ONLY, "read-only host directory " + rootPath);
        }
    }

    /**
     * The held handle of directory {@code dir}, opened if need be from the entries under which it
     * and its ancestors were seen: from the nearest held ancestor down, each step opened without
     * following a symlink and checked to be the expected inode.
     *
     * @throws FsException NOT_FOUND when the directory is not where it was seen (or never was),
     *     NOT_DIRECTORY when {@code dir} is a known non-directory
     */
    private HostDirectory directory(long dir) {
        if (dir == rootIno) {
            return root;
        }
        HostDirectory held = directories.get(dir);
        if (held != null) {
            return held;
        }
        Deque<Long> below = new ArrayDeque<>(); // the directories to open, nearest the held one first
        Set<Long> visited = new HashSet<>();
        long at = dir;
        while (at != rootIno && !directories.containsKey(at)) {
            Entry entry = directoryEntries.get(at);
            if (entry == null || !visited.add(at)) {
                if (at == dir && fileEntries.containsKey(dir)) {
                    throw new FsException(FsError.NOT_DIRECTORY, "not a directory");
                }
                throw new FsException(FsError.NOT_FOUND, "no directory " + dir);
            }
            below.push(at);
            at = entry.dir();
        }
        HostDirectory parent = at == rootIno ? root : directories.get(at);
        while (!below.isEmpty()) {
            long child = below.pop();
            Entry entry = directoryEntries.get(child);
            HostDirectory opened = null;
            try {
                opened = parent.openDirectory(entry.name());
                if (opened.stat().ino() != child) {
                    opened.close();
                    opened = null;
                }
            } catch (IOException e) {
                if (opened != null) {
                    opened.close();
                    opened = null;
                }
            }
            if (opened == null) {
                directoryEntries.remove(child);
                throw new FsException(FsError.NOT_FOUND, "directory is no longer where it was");
            }
            hold(child, opened);
            parent = opened;
        }
        return parent;
    }

    private void hold(long ino, HostDirectory handle) {
        HostDirectory previous = directories.put(ino, handle);
        if (previous != null) {
            retired.add(previous);
        }
        if (directories.size() > DIRECTORY_HANDLES) {
            Iterator<HostDirectory> eldest = directories.values().iterator();
            retired.add(eldest.next());
            eldest.remove();
        }
    }

    /** Remembers where {@code stat}'s inode was seen. */
    private void seen(long dir, String name, HostStat stat) {
        if (stat.isDirectory()) {
            directoryEntries.put(stat.ino(), new Entry(dir, name));
        } else {
            fileEntries.computeIfAbsent(stat.ino(), k -> new LinkedHashSet<>()).add(new Entry(dir, name));
        }
    }

    /** Where {@code ino} is now, checked against the host, or null (stale entries are dropped). */
    private Located locate(long ino) {
        if (ino == rootIno || directories.containsKey(ino) || directoryEntries.containsKey(ino)) {
            try {
                HostDirectory dir = directory(ino);
                HostStat stat = dir.stat();
                if (stat.nlink() > 0) {
                    return new Located(dir, null, stat);
                }
                forgetDirectory(ino); // removed by another process
            } catch (FsException e) {
                if (e.error() != FsError.NOT_FOUND) {
                    throw e;
                }
            } catch (IOException e) {
                throw error(e);
            }
            return null;
        }
        Set<Entry> entries = fileEntries.get(ino);
        if (entries == null) {
            return null;
        }
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            HostStat stat = null;
            HostDirectory dir = null;
            try {
                dir = directory(entry.dir());
                stat = statOrNull(dir, entry.name());
            } catch (FsException e) {
                if (e.error() != FsError.NOT_FOUND && e.error() != FsError.NOT_DIRECTORY) {
                    throw e;
                }
            }
            if (stat != null && stat.ino() == ino && !stat.isDirectory()) {
                return new Located(dir, entry.name(), stat);
            }
            it.remove();
        }
        if (entries.isEmpty()) {
            fileEntries.remove(ino);
        }
        return null;
    }

    private Located located(long ino) {
        Located located = locate(ino);
        if (located == null) {
            throw new FsException(FsError.NOT_FOUND, "no inode " + ino);
        }
        return located;
    }

    private HostStat stat(HostDirectory dir, String name) {
        try {
            return dir.stat(name);
        } catch (IOException e) {
            throw error(e);
        }
    }

    private HostStat statOrNull(HostDirectory dir, String name) {
        try {
            return dir.statOrNull(name);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** After entry {@code entry} of {@code stat}'s inode went away: forget it; keep an open file readable. */
    private void forget(HostStat stat, Entry entry) {
        if (stat.isDirectory()) {
            forgetDirectory(stat.ino());
            return;
        }
        Set<Entry> entries = fileEntries.get(stat.ino());
        if (entries != null) {
            entries.remove(entry);
        }
        if (locate(stat.ino()) == null) {
            HostFile file = openFiles.remove(stat.ino());
            if (file != null) {
                orphans.put(stat.ino(), file);
            }
        }
    }

    private void forgetDirectory(long ino) {
        directoryEntries.remove(ino);
        HostDirectory handle = directories.remove(ino);
        if (handle != null) {
            retired.add(handle);
        }
    }

    // --- open files ---------------------------------------------------------------------------

    private HostFile regularFile(long ino, boolean forWrite) {
        begin();
        HostFile orphan = orphans.get(ino);
        if (orphan != null) {
            if (forWrite && !orphan.writable()) {
                throw new FsException(FsError.IO, "unlinked file was opened read-only");
            }
            return orphan;
        }
        HostFile cached = openFiles.get(ino);
        if (cached != null && (cached.writable() || !forWrite)) {
            return cached; // reads and writes go by descriptor: no need to look the name up again
        }
        Located located = located(ino);
        if (located.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory");
        }
        if (!located.stat().isRegular()) {
            throw new FsException(FsError.INVALID, "not a regular file");
        }
        return file(ino, located, forWrite);
    }

    /** An open descriptor of regular file {@code ino} found at {@code located}, checked to be that inode. */
    private HostFile file(long ino, Located located, boolean forWrite) {
        HostFile file = openFiles.get(ino);
        if (file != null && (file.writable() || !forWrite)) {
            return file;
        }
        if (file != null) {
            openFiles.remove(ino).close();
        }
        try {
            file = open(located, forWrite || !readOnly);
        } catch (AccessDeniedException | HostCallException e) {
            if (forWrite) {
                throw error(e); // read-only file, read-only mount, text file busy
            }
            try {
                file = open(located, false); // readable but not writable: open it for reading only
            } catch (IOException again) {
                throw error(again);
            }
        } catch (IOException e) {
            throw error(e);
        }
        openFiles.put(ino, file);
        if (openFiles.size() > OPEN_FILES) {
            Iterator<HostFile> eldest = openFiles.values().iterator();
            HostFile evicted = eldest.next();
            eldest.remove();
            evicted.close();
        }
        return file;
    }

    private static HostFile open(Located located, boolean writable) throws IOException {
        HostFile file = located.dir().openFile(located.name(), writable);
        if (file.stat().ino() != located.stat().ino()) {
            file.close();
            throw new NoSuchFileException(located.name(), null, "replaced while it was being opened");
        }
        return file;
    }

    // --- errors -------------------------------------------------------------------------------

    /** The one mapping of host errors to contract errors. */
    static FsException error(IOException e) {
        FsError error = IoErrors.of(e);
        String message;
        if (e instanceof HostCallException call) {
            message = call.getReason();
        } else if (error != FsError.IO) {
            message = error.description();
        } else {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new FsException(error, message, e);
    }
}
