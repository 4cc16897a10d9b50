package io.tarbox.storage.host;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.path.Names;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The contract over a directory of the host (a {@code --host-dir} preopen), with java.nio.
 *
 * <p>Inode numbers are the real ones ({@code unix:ino}); the instance remembers the paths under which
 * it has seen each inode, so inode-addressed calls find their file. The host never follows a
 * symlink: every call uses NOFOLLOW_LINKS or acts on an entry already known not to be a symlink, and
 * {@link io.tarbox.core.path.PathResolver} does all walking, so nothing outside the root is reached.
 * (Another process swapping a directory for a symlink between two calls is not defended against.)
 *
 * <p>Open files are kept in a small cache of {@link RandomAccessFile}s, whose reads and writes are
 * not interruptible; a file unlinked while open stays readable through its inode, as in POSIX, until
 * {@link #close}. Writes go straight to the host file; {@link #sync} fsyncs.
 */
public final class HostFilesystem implements FilesystemInterface {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int OPEN_FILES = 64;
    private static final int SYMLINK_MAX = 4096;
    private static final String ATTRIBUTES = "unix:ino,mode,nlink,size,lastAccessTime,lastModifiedTime,ctime";

    private final Path root;
    private final long rootIno;
    private final boolean readOnly;
    /** Every path (absolute) under which each inode has been seen. */
    private final Map<Long, Set<Path>> paths = new HashMap<>();
    private final LinkedHashMap<Long, OpenFile> openFiles = new LinkedHashMap<>(16, 0.75f, true);
    /** Files whose last name was removed while open: readable by inode until close. */
    private final Map<Long, OpenFile> orphans = new HashMap<>();
    private boolean closed;

    /**
     * @param root an existing host directory; the tree the guest sees
     * @param readOnly refuse every mutating call with READ_ONLY
     * @throws FsException NOT_FOUND / NOT_DIRECTORY when {@code root} is not a directory
     */
    public HostFilesystem(Path root, boolean readOnly) {
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            throw error(e);
        }
        if (!Files.isDirectory(real)) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + root);
        }
        this.root = real;
        this.readOnly = readOnly;
        this.rootIno = stat(real).ino();
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
        open();
        Located located = locate(ino);
        if (located == null) {
            OpenFile orphan = orphans.get(ino);
            if (orphan == null) {
                throw new FsException(FsError.NOT_FOUND, "no inode " + ino);
            }
            FileAttributes last = orphan.attributes;
            return new FileAttributes(ino, last.type(), last.mode(), 0, orphan.length(), last.atimeNs(),
                    last.mtimeNs(), last.ctimeNs());
        }
        return located.attributes();
    }

    @Override
    public synchronized long parent(long dir) {
        Path path = directory(dir);
        return path.equals(root) ? rootIno : stat(path.getParent()).ino();
    }

    @Override
    public synchronized FileAttributes lookup(long dir, String name) {
        Names.check(name);
        return stat(directory(dir).resolve(name));
    }

    @Override
    public synchronized FileAttributes setattr(long ino, SetAttributes changes) {
        if (changes.size() != null || changes.mode() != null || changes.atimeNs() != null
                || changes.mtimeNs() != null) {
            writable();
        }
        Located located = located(ino);
        Path path = located.path();
        FileAttributes attributes = located.attributes();
        try {
            if (changes.size() != null) {
                if (attributes.isDirectory()) {
                    throw new FsException(FsError.IS_DIRECTORY, "cannot resize a directory");
                }
                if (!attributes.isRegular() || changes.size() < 0) {
                    throw new FsException(FsError.INVALID, "cannot resize to " + changes.size());
                }
                file(ino, path, true).raf.setLength(changes.size());
            }
            if (changes.mode() != null && !attributes.isSymlink()) {
                Files.setPosixFilePermissions(path, permissions(changes.mode()));
            }
            if (changes.atimeNs() != null || changes.mtimeNs() != null) {
                Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes(time(changes.mtimeNs()), time(changes.atimeNs()), null);
            }
        } catch (IOException e) {
            throw error(e);
        }
        return stat(path);
    }

    @Override
    public synchronized FileAttributes create(long dir, String name, int mode, boolean exclusive) {
        Names.check(name);
        writable();
        Path path = directory(dir).resolve(name);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(permissions(mode)));
        } catch (FileAlreadyExistsException e) {
            if (exclusive) {
                throw new FsException(FsError.EXISTS, "file exists: " + name);
            }
        } catch (IOException e) {
            throw error(e);
        }
        return stat(path);
    }

    @Override
    public synchronized FileAttributes mkdir(long dir, String name, int mode) {
        Names.check(name);
        writable();
        Path path = directory(dir).resolve(name);
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(permissions(mode)));
        } catch (IOException e) {
            throw error(e);
        }
        return stat(path);
    }

    @Override
    public synchronized FileAttributes symlink(long dir, String name, String target) {
        Names.check(name);
        writable();
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVALID, "invalid symlink target");
        }
        if (target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > SYMLINK_MAX) {
            throw new FsException(FsError.NAME_TOO_LONG, "symlink target longer than " + SYMLINK_MAX + " bytes");
        }
        Path path = directory(dir).resolve(name);
        try {
            Path targetPath = path.getFileSystem().getPath(target);
            if (targetPath.toString().equals(target)) {
                Files.createSymbolicLink(path, targetPath);
            } else {
                symlinkVerbatim(path, target);
            }
        } catch (IOException e) {
            throw error(e);
        }
        return stat(path);
    }

    /**
     * java.nio drops repeated and trailing slashes from a Path, which would change a target like
     * "dir/" or "a//b"; the contract stores targets verbatim, so such a link is made by ln(1).
     */
    private static void symlinkVerbatim(Path link, String target) throws IOException {
        if (Files.exists(link, NOFOLLOW)) {
            throw new FileAlreadyExistsException(link.toString());
        }
        Process ln = new ProcessBuilder("ln", "-s", "--", target, link.toString())
                .redirectErrorStream(true).start();
        String output = new String(ln.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        try {
            if (ln.waitFor() != 0) {
                throw new IOException("ln -s failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating a symlink", e);
        }
    }

    @Override
    public synchronized FileAttributes link(long ino, long newDir, String newName) {
        Names.check(newName);
        writable();
        Path existing = path(ino);
        if (stat(existing).isDirectory()) {
            throw new FsException(FsError.NOT_PERMITTED, "cannot hard-link a directory");
        }
        Path path = directory(newDir).resolve(newName);
        try {
            Files.createLink(path, existing);
        } catch (IOException e) {
            throw error(e);
        }
        return stat(path);
    }

    @Override
    public synchronized String readlink(long ino) {
        Path path = path(ino);
        if (!stat(path).isSymlink()) {
            throw new FsException(FsError.INVALID, "not a symbolic link");
        }
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void unlink(long dir, String name) {
        Names.check(name);
        writable();
        Path path = directory(dir).resolve(name);
        FileAttributes attributes = stat(path);
        if (attributes.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + name);
        }
        delete(path);
        forget(attributes, path);
    }

    @Override
    public synchronized void rmdir(long dir, String name) {
        Names.check(name);
        writable();
        Path path = directory(dir).resolve(name);
        FileAttributes attributes = stat(path);
        if (!attributes.isDirectory()) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + name);
        }
        delete(path);
        paths.remove(attributes.ino());
    }

    @Override
    public synchronized void rename(long fromDir, String fromName, long toDir, String toName) {
        Names.check(fromName);
        Names.check(toName);
        writable();
        Path from = directory(fromDir).resolve(fromName);
        Path to = directory(toDir).resolve(toName);
        FileAttributes moved = stat(from);
        FileAttributes replaced = statOrNull(to);
        if (replaced != null) {
            if (replaced.ino() == moved.ino()) {
                return;
            }
            if (moved.isDirectory() && !replaced.isDirectory()) {
                throw new FsException(FsError.NOT_DIRECTORY, "not a directory: " + toName);
            }
            if (!moved.isDirectory() && replaced.isDirectory()) {
                throw new FsException(FsError.IS_DIRECTORY, "is a directory: " + toName);
            }
        }
        if (moved.isDirectory() && to.startsWith(from)) {
            throw new FsException(FsError.INVALID, "cannot move a directory into itself");
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw error(e);
        }
        if (replaced != null) {
            forget(replaced, to);
        }
        Set<Path> known = paths.computeIfAbsent(moved.ino(), k -> new LinkedHashSet<>());
        known.remove(from);
        known.add(to);
        if (moved.isDirectory()) {
            for (Set<Path> set : paths.values()) {
                List<Path> renamed = new ArrayList<>();
                for (Iterator<Path> it = set.iterator(); it.hasNext(); ) {
                    Path p = it.next();
                    if (p.startsWith(from) && !p.equals(from)) {
                        it.remove();
                        renamed.add(to.resolve(from.relativize(p)));
                    }
                }
                set.addAll(renamed);
            }
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
        Path path = directory(dir);
        TreeMap<Long, String> ordered = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                long c = cookie(name);
                if (Long.compareUnsigned(c, cookie) > 0) {
                    ordered.merge(c, name, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        } catch (IOException e) {
            throw error(e);
        }
        List<DirEntry> entries = new ArrayList<>();
        for (Map.Entry<Long, String> e : ordered.entrySet()) {
            if (entries.size() >= max) {
                break;
            }
            FileAttributes attributes = statOrNull(path.resolve(e.getValue()));
            if (attributes != null) {
                entries.add(new DirEntry(e.getValue(), attributes.ino(), attributes.type(), e.getKey()));
            }
        }
        return entries;
    }

    /** FNV-1a over the name's UTF-8 bytes, kept positive and non-zero. */
    private static long cookie(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
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
        OpenFile file = regularFile(ino, false);
        try {
            long size = file.raf.length();
            if (offset >= size || len == 0) {
                return 0;
            }
            file.raf.seek(offset);
            int total = 0;
            while (total < len) {
                int n = file.raf.read(buffer, bufferOffset + total, len - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
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
        OpenFile file = regularFile(ino, true);
        try {
            file.raf.seek(offset);
            file.raf.write(data, dataOffset, len);
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** At the end of the host file as it is now (another host process may append at the same time). */
    @Override
    public synchronized long append(long ino, byte[] data, int dataOffset, int len) {
        writable();
        OpenFile file = regularFile(ino, true);
        try {
            long end = file.raf.length();
            if (end + len < 0) {
                throw new FsException(FsError.FILE_TOO_LARGE, "file too large");
            }
            file.raf.seek(end);
            file.raf.write(data, dataOffset, len);
            return end + len;
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void sync(long ino) {
        open();
        OpenFile file = openFiles.containsKey(ino) ? openFiles.get(ino) : orphans.get(ino);
        if (file == null) {
            getattr(ino); // NOT_FOUND for an unknown inode; nothing buffered otherwise
            return;
        }
        try {
            file.raf.getFD().sync();
        } catch (IOException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized void syncAll() {
        open();
        try {
            for (OpenFile file : openFiles.values()) {
                file.raf.getFD().sync();
            }
            for (OpenFile file : orphans.values()) {
                file.raf.getFD().sync();
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
        for (OpenFile file : openFiles.values()) {
            file.closeQuietly();
        }
        for (OpenFile file : orphans.values()) {
            file.closeQuietly();
        }
        openFiles.clear();
        orphans.clear();
    }

    // --- inodes and paths ---------------------------------------------------------------------

    private void open() {
        if (closed) {
            throw new FsException(FsError.IO, "filesystem closed");
        }
    }

    private void writable() {
        open();
        if (readOnly) {
            throw new FsException(FsError.READ_ONLY, "read-only host directory " + root);
        }
    }

    /** A path that still names {@code ino}, with its attributes. */
    private record Located(Path path, FileAttributes attributes) {}

    /** Finds {@code ino} under a remembered path (dropping stale ones), or null. */
    private Located locate(long ino) {
        Set<Path> known = paths.get(ino);
        if (known == null) {
            return null;
        }
        for (Iterator<Path> it = known.iterator(); it.hasNext(); ) {
            Path p = it.next();
            FileAttributes attributes = statOrNull(p);
            if (attributes != null && attributes.ino() == ino) {
                return new Located(p, attributes);
            }
            it.remove();
        }
        return null;
    }

    private Path pathOrNull(long ino) {
        Located located = locate(ino);
        return located == null ? null : located.path();
    }

    private Located located(long ino) {
        open();
        Located located = locate(ino);
        if (located == null) {
            throw new FsException(FsError.NOT_FOUND, "no inode " + ino);
        }
        return located;
    }

    private Path path(long ino) {
        return located(ino).path();
    }

    private Path directory(long dir) {
        Located located = located(dir);
        if (!located.attributes().isDirectory()) {
            throw new FsException(FsError.NOT_DIRECTORY, "not a directory");
        }
        return located.path();
    }

    /** lstat(2) of a path, remembering the path for its inode. */
    private FileAttributes stat(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, NOFOLLOW);
            long ino = ((Number) a.get("ino")).longValue();
            int mode = (Integer) a.get("mode");
            FileAttributes attributes = new FileAttributes(ino, type(mode), mode & 07777,
                    ((Number) a.get("nlink")).longValue(), (Long) a.get("size"),
                    nanos((FileTime) a.get("lastAccessTime")), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")));
            paths.computeIfAbsent(ino, k -> new LinkedHashSet<>()).add(path);
            return attributes;
        } catch (IOException e) {
            throw error(e);
        }
    }

    private FileAttributes statOrNull(Path path) {
        try {
            return stat(path);
        } catch (FsException e) {
            if (e.error() == FsError.NOT_FOUND || e.error() == FsError.NOT_DIRECTORY) {
                return null;
            }
            throw e;
        }
    }

    /** After removing {@code path}: forget it, and keep an open file readable if it was the last name. */
    private void forget(FileAttributes attributes, Path path) {
        Set<Path> known = paths.get(attributes.ino());
        if (known != null) {
            known.remove(path);
        }
        if (pathOrNull(attributes.ino()) == null) {
            paths.remove(attributes.ino());
            OpenFile file = openFiles.remove(attributes.ino());
            if (file != null) {
                file.attributes = attributes;
                orphans.put(attributes.ino(), file);
            }
        }
    }

    private void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw error(e);
        }
    }

    // --- open files ---------------------------------------------------------------------------

    private OpenFile regularFile(long ino, boolean forWrite) {
        open();
        OpenFile orphan = orphans.get(ino);
        if (orphan != null) {
            if (forWrite && !orphan.writable) {
                throw new FsException(FsError.IO, "unlinked file was opened read-only");
            }
            return orphan;
        }
        OpenFile cached = openFiles.get(ino);
        if (cached != null && (cached.writable || !forWrite)) {
            return cached; // reads and writes go by inode: no need to look the path up again
        }
        Located located = located(ino);
        Path path = located.path();
        FileAttributes attributes = located.attributes();
        if (attributes.isDirectory()) {
            throw new FsException(FsError.IS_DIRECTORY, "is a directory");
        }
        if (!attributes.isRegular()) {
            throw new FsException(FsError.INVALID, "not a regular file");
        }
        return file(ino, path, forWrite);
    }

    private OpenFile file(long ino, Path path, boolean forWrite) {
        OpenFile file = openFiles.get(ino);
        if (file != null && (file.writable || !forWrite)) {
            return file;
        }
        if (file != null) {
            openFiles.remove(ino).closeQuietly();
        }
        boolean writable = forWrite || (!readOnly && Files.isWritable(path));
        try {
            file = new OpenFile(new RandomAccessFile(path.toFile(), writable ? "rw" : "r"), writable);
        } catch (IOException e) {
            throw error(e);
        }
        openFiles.put(ino, file);
        if (openFiles.size() > OPEN_FILES) {
            Iterator<Map.Entry<Long, OpenFile>> eldest = openFiles.entrySet().iterator();
            OpenFile evicted = eldest.next().getValue();
            eldest.remove();
            evicted.closeQuietly();
        }
        return file;
    }

    private static final class OpenFile {
        final RandomAccessFile raf;
        final boolean writable;
        /** The attributes when the last name went away (for getattr of an orphan). */
        FileAttributes attributes;

        OpenFile(RandomAccessFile raf, boolean writable) {
            this.raf = raf;
            this.writable = writable;
        }

        long length() {
            try {
                return raf.length();
            } catch (IOException e) {
                throw error(e);
            }
        }

        void closeQuietly() {
            try {
                raf.close();
            } catch (IOException e) {
                // nothing was buffered on our side; the host keeps what was written
            }
        }
    }

    // --- conversions --------------------------------------------------------------------------

    private static FileType type(int mode) {
        switch (mode & 0170000) {
            case 0100000:
                return FileType.REGULAR;
            case 0040000:
                return FileType.DIRECTORY;
            case 0120000:
                return FileType.SYMLINK;
            case 0020000:
                return FileType.CHARACTER_DEVICE;
            case 0060000:
                return FileType.BLOCK_DEVICE;
            case 0010000:
                return FileType.FIFO;
            case 0140000:
                return FileType.SOCKET;
            default:
                return FileType.UNKNOWN;
        }
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    private static FileTime time(Long nanos) {
        return nanos == null ? null : FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    /** The one mapping of host I/O errors to contract errors. */
    static FsException error(IOException e) {
        String message = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return new FsException(FsError.NOT_FOUND, "no such file or directory", e);
        } else if (e instanceof FileAlreadyExistsException) {
            return new FsException(FsError.EXISTS, "file exists", e);
        } else if (e instanceof DirectoryNotEmptyException) {
            return new FsException(FsError.NOT_EMPTY, "directory not empty", e);
        } else if (e instanceof NotDirectoryException) {
            return new FsException(FsError.NOT_DIRECTORY, "not a directory", e);
        } else if (e instanceof AccessDeniedException) {
            return new FsException(FsError.ACCESS_DENIED, "permission denied", e);
        } else if (e instanceof FileSystemLoopException) {
            return new FsException(FsError.LOOP, "too many levels of symbolic links", e);
        } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            String reason = ((FileSystemException) e).getReason();
            FsError error = reason.contains("Not a directory") ? FsError.NOT_DIRECTORY
                    : reason.contains("Is a directory") ? FsError.IS_DIRECTORY
                    : reason.contains("Directory not empty") ? FsError.NOT_EMPTY
                    : reason.contains("File name too long") ? FsError.NAME_TOO_LONG
                    : reason.contains("No space left") || reason.contains("quota") ? FsError.NO_SPACE
                    : reason.contains("Read-only file system") ? FsError.READ_ONLY
                    : reason.contains("cross-device") ? FsError.CROSS_DEVICE
                    : reason.contains("Too many levels of symbolic links") ? FsError.LOOP
                    : reason.contains("File too large") ? FsError.FILE_TOO_LARGE
                    : reason.contains("Operation not permitted") ? FsError.NOT_PERMITTED
                    : reason.contains("Device or resource busy") ? FsError.BUSY
                    : FsError.IO;
            return new FsException(error, reason, e);
        } else if (message != null && message.contains("No space left")) {
            return new FsException(FsError.NO_SPACE, message, e);
        } else if (message != null && message.contains("File too large")) {
            return new FsException(FsError.FILE_TOO_LARGE, message, e);
        }
        return new FsException(FsError.IO, message == null ? e.getClass().getSimpleName() : message, e);
    }
}
