package io.tarbox.storage.sql;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.DirEntryPlus;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayeredFilesystem;
import java.util.List;
import java.util.function.Supplier;

/**
 * A tree that takes a snapshot after each of its first {@code limit} changes, so that nearly every
 * row a test touches lies in a frozen layer below the one being written: the contract suite run
 * through it exercises copy-up, whiteouts, tombstones and reads through a chain of layers. While
 * another tree of the tenant is open (a contract test of two instances) no snapshot can be taken:
 * the change is then left in the current layer.
 */
final class SnapshotEveryChange implements FilesystemInterface {
    private final LayeredFilesystem fs;
    private final Supplier<Integer> counter;
    private final int limit;

    /** @param counter hands out snapshot numbers across reopenings of the same store */
    SnapshotEveryChange(LayeredFilesystem fs, Supplier<Integer> counter, int limit) {
        this.fs = fs;
        this.counter = counter;
        this.limit = limit;
    }

    private <T> T changed(T result) {
        int n = counter.get();
        if (n < limit) {
            try {
                fs.createSnapshot("s" + n, "");
            } catch (FsException e) {
                if (e.error() != FsError.BUSY) {
                    throw e;
                }
            }
        }
        return result;
    }

    @Override
    public long rootIno() {
        return fs.rootIno();
    }

    @Override
    public FileAttributes getattr(long ino) {
        return fs.getattr(ino);
    }

    @Override
    public long parent(long dir) {
        return fs.parent(dir);
    }

    @Override
    public FileAttributes lookup(long dir, String name) {
        return fs.lookup(dir, name);
    }

    @Override
    public FileAttributes setattr(long ino, SetAttributes c) {
        return changed(fs.setattr(ino, c));
    }

    @Override
    public FileAttributes create(long dir, String name, int mode, boolean excl) {
        return changed(fs.create(dir, name, mode, excl));
    }

    @Override
    public FileAttributes mkdir(long dir, String name, int mode) {
        return changed(fs.mkdir(dir, name, mode));
    }

    @Override
    public FileAttributes symlink(long dir, String name, String target) {
        return changed(fs.symlink(dir, name, target));
    }

    @Override
    public FileAttributes link(long ino, long dir, String name) {
        return changed(fs.link(ino, dir, name));
    }

    @Override
    public String readlink(long ino) {
        return fs.readlink(ino);
    }

    @Override
    public void unlink(long dir, String name) {
        fs.unlink(dir, name);
        changed(null);
    }

    @Override
    public void rmdir(long dir, String name) {
        fs.rmdir(dir, name);
        changed(null);
    }

    @Override
    public void rename(long fromDir, String from, long toDir, String to) {
        fs.rename(fromDir, from, toDir, to);
        changed(null);
    }

    @Override
    public List<DirEntry> readdir(long dir, long cookie, int max) {
        return fs.readdir(dir, cookie, max);
    }

    @Override
    public List<DirEntryPlus> readdirPlus(long dir, long cookie, int max) {
        return fs.readdirPlus(dir, cookie, max);
    }

    @Override
    public int read(long ino, long offset, byte[] buffer, int off, int len) {
        return fs.read(ino, offset, buffer, off, len);
    }

    @Override
    public void write(long ino, long offset, byte[] data, int off, int len) {
        fs.write(ino, offset, data, off, len);
        changed(null);
    }

    @Override
    public long append(long ino, byte[] data, int off, int len) {
        long size = fs.append(ino, data, off, len);
        changed(null);
        return size;
    }

    @Override
    public void sync(long ino) {
        fs.sync(ino);
    }

    @Override
    public void syncAll() {
        fs.syncAll();
    }

    @Override
    public void refresh() {
        fs.refresh();
    }

    @Override
    public void close() {
        fs.close();
    }
}
