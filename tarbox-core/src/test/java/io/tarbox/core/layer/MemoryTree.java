package io.tarbox.core.layer;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A read-only tree in memory for {@link TreeDiffTest}, built and changed by path with explicit inode
 * numbers and times, so two of them can stand for one tenant's tree before and after changes.
 */
final class MemoryTree implements FilesystemInterface {
    private static final long ROOT = 1;

    /** One inode: attributes, and the content, target or entries of its type. */
    private record Inode(FileAttributes attributes, byte[] content, String target, TreeMap<String, Long> entries) {
        Inode with(FileAttributes changed) {
            return new Inode(changed, content, target, entries);
        }
    }

    private final Map<Long, Inode> inodes = new HashMap<>();

    MemoryTree() {
        inodes.put(ROOT, new Inode(attributes(ROOT, FileType.DIRECTORY, 0755, 0, 0), null, null, new TreeMap<>()));
    }

    /** A copy to change independently (the "after" tree). */
    MemoryTree copy() {
        MemoryTree copy = new MemoryTree();
        inodes.forEach((ino, inode) -> copy.inodes.put(
                ino,
                new Inode(
                        inode.attributes(),
                        inode.content(),
                        inode.target(),
                        inode.entries() == null ? null : new TreeMap<>(inode.entries()))));
        return copy;
    }

    MemoryTree dir(String path, long ino) {
        return add(path, new Inode(attributes(ino, FileType.DIRECTORY, 0755, 0, 0), null, null, new TreeMap<>()));
    }

    MemoryTree file(String path, long ino, String content, long mtime) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return add(path, new Inode(attributes(ino, FileType.REGULAR, 0644, bytes.length, mtime), bytes, null, null));
    }

    MemoryTree symlink(String path, long ino, String target) {
        return add(path, new Inode(attributes(ino, FileType.SYMLINK, 0777, target.length(), 0), null, target, null));
    }

    /** A second entry for an existing inode. */
    MemoryTree link(String existing, String path) {
        long ino = resolve(existing);
        inodes.get(parentOf(path)).entries().put(nameOf(path), ino);
        return this;
    }

    /** Replaces a file's content and sets its times to {@code mtime}. */
    MemoryTree write(String path, String content, long mtime) {
        long ino = resolve(path);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Inode old = inodes.get(ino);
        inodes.put(
                ino,
                new Inode(
                        attributes(ino, FileType.REGULAR, old.attributes().mode(), bytes.length, mtime),
                        bytes,
                        null,
                        null));
        return this;
    }

    MemoryTree chmod(String path, int mode) {
        long ino = resolve(path);
        FileAttributes a = inodes.get(ino).attributes();
        inodes.put(
                ino,
                inodes.get(ino)
                        .with(new FileAttributes(
                                ino, a.type(), mode, 1, a.size(), a.atimeNs(), a.mtimeNs(), a.ctimeNs() + 1)));
        return this;
    }

    MemoryTree remove(String path) {
        inodes.get(parentOf(path)).entries().remove(nameOf(path));
        return this;
    }

    MemoryTree move(String from, String to) {
        long ino = resolve(from);
        remove(from);
        inodes.get(parentOf(to)).entries().put(nameOf(to), ino);
        return this;
    }

    private MemoryTree add(String path, Inode inode) {
        inodes.put(inode.attributes().ino(), inode);
        inodes.get(parentOf(path))
                .entries()
                .put(nameOf(path), inode.attributes().ino());
        return this;
    }

    private static FileAttributes attributes(long ino, FileType type, int mode, long size, long time) {
        return new FileAttributes(ino, type, mode, 1, size, time, time, time);
    }

    private long resolve(String path) {
        long ino = ROOT;
        for (String name : path.substring(1).split("/")) {
            ino = inodes.get(ino).entries().get(name);
        }
        return ino;
    }

    private long parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : resolve(path.substring(0, slash));
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private Inode inode(long ino) {
        Inode inode = inodes.get(ino);
        if (inode == null) {
            throw new FsException(FsError.NOT_FOUND, "no inode " + ino);
        }
        return inode;
    }

    @Override
    public long rootIno() {
        return ROOT;
    }

    @Override
    public FileAttributes getattr(long ino) {
        return inode(ino).attributes();
    }

    @Override
    public long parent(long dir) {
        throw new FsException(FsError.NOT_SUPPORTED, "parent");
    }

    @Override
    public FileAttributes lookup(long dir, String name) {
        Long ino = inode(dir).entries().get(name);
        if (ino == null) {
            throw new FsException(FsError.NOT_FOUND, name);
        }
        return getattr(ino);
    }

    @Override
    public List<DirEntry> readdir(long dir, long cookie, int max) {
        List<DirEntry> entries = new ArrayList<>();
        long position = 0;
        for (Map.Entry<String, Long> entry : inode(dir).entries().entrySet()) {
            position++;
            if (position > cookie && entries.size() < max) {
                entries.add(new DirEntry(
                        entry.getKey(),
                        entry.getValue(),
                        getattr(entry.getValue()).type(),
                        position));
            }
        }
        return entries;
    }

    @Override
    public int read(long ino, long offset, byte[] buffer, int bufferOffset, int len) {
        byte[] content = inode(ino).content();
        int n = (int) Math.max(0, Math.min(len, content.length - offset));
        System.arraycopy(content, (int) offset, buffer, bufferOffset, n);
        return n;
    }

    @Override
    public String readlink(long ino) {
        return inode(ino).target();
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    private static FsException readOnly() {
        return new FsException(FsError.READ_ONLY, "a MemoryTree changes only through its builder methods");
    }

    @Override
    public FileAttributes setattr(long ino, SetAttributes changes) {
        throw readOnly();
    }

    @Override
    public FileAttributes create(long dir, String name, int mode, boolean exclusive) {
        throw readOnly();
    }

    @Override
    public FileAttributes mkdir(long dir, String name, int mode) {
        throw readOnly();
    }

    @Override
    public FileAttributes symlink(long dir, String name, String target) {
        throw readOnly();
    }

    @Override
    public FileAttributes link(long ino, long newDir, String newName) {
        throw readOnly();
    }

    @Override
    public void unlink(long dir, String name) {
        throw readOnly();
    }

    @Override
    public void rmdir(long dir, String name) {
        throw readOnly();
    }

    @Override
    public void rename(long fromDir, String fromName, long toDir, String toName) {
        throw readOnly();
    }

    @Override
    public void write(long ino, long offset, byte[] data, int dataOffset, int len) {
        throw readOnly();
    }

    @Override
    public long append(long ino, byte[] data, int dataOffset, int len) {
        throw readOnly();
    }

    @Override
    public void sync(long ino) {}

    @Override
    public void syncAll() {}

    @Override
    public void close() {}
}
