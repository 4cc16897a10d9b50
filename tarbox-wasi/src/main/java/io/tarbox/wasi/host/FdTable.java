package io.tarbox.wasi.host;

import io.tarbox.wasi.RunLimits;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guest's descriptor table. New descriptors take the lowest free number, as POSIX open(2).
 *
 * <p>The typed lookups ({@link #file}, {@link #directory}, {@link #node}, {@link #open}, and
 * {@link #require} for a descriptor in hand) are the one place that decides the errno for "wrong
 * descriptor", thrown as a {@link WasiError}: EBADF when the number is not open or names the wrong
 * kind of descriptor (as wasmtime), EBADF as well when FD_READ or FD_WRITE is missing (reading a
 * write-only descriptor, as POSIX and wasmtime), and ENOTCAPABLE when any other right is missing.
 */
final class FdTable {
    private final TreeMap<Integer, Descriptor> open = new TreeMap<>();
    /** How many descriptors may be open at once: the initial ones plus the run's open-files limit. */
    private long capacity = Long.MAX_VALUE;

    /**
     * Limits the descriptors opened from now on to {@code extra} beyond those open now (stdio and
     * the preopens).
     */
    void limitAdditional(long extra) {
        capacity = extra == RunLimits.UNLIMITED ? Long.MAX_VALUE : open.size() + extra;
    }

    /** Whether another descriptor would pass the open-files limit (path_open answers EMFILE). */
    boolean full() {
        return open.size() >= capacity;
    }

    int add(Descriptor descriptor) {
        if (descriptor instanceof FileDescriptor file) {
            file.mount.fs.hold(file.ino); // an unlinked file stays while a descriptor holds it
        }
        int fd = 0;
        for (int used : open.keySet()) {
            if (used != fd) {
                break;
            }
            fd++;
        }
        open.put(fd, descriptor);
        return fd;
    }

    Descriptor get(int fd) {
        return open.get(fd);
    }

    /** Closes {@code fd}; returns what it held, or null when it was not open. */
    Descriptor remove(int fd) {
        Descriptor removed = open.remove(fd);
        closed(removed);
        return removed;
    }

    /** Moves {@code from} onto {@code to}, closing what {@code to} held. */
    void renumber(int from, int to) {
        Descriptor descriptor = open.remove(from);
        closed(open.put(to, descriptor));
    }

    /** Closes every descriptor still open: the run is over. */
    void closeAll() {
        while (!open.isEmpty()) {
            closed(open.pollFirstEntry().getValue());
        }
    }

    private void closed(Descriptor descriptor) {
        if (descriptor instanceof FileDescriptor file) {
            file.mount.fs.release(file.ino); // an unlinked file is freed with its last descriptor
        }
    }

    Iterable<Map.Entry<Integer, Descriptor>> entries() {
        return open.entrySet();
    }

    /** The open descriptor {@code fd}; EBADF when the number is not open. */
    Descriptor open(int fd) {
        Descriptor descriptor = open.get(fd);
        if (descriptor == null) {
            throw WasiError.of(Errno.BADF);
        }
        return descriptor;
    }

    /** The regular file {@code fd}, holding {@code right}. */
    FileDescriptor file(int fd, long right) {
        return kind(fd, FileDescriptor.class, right);
    }

    /** The directory {@code fd}, holding {@code right}. */
    DirectoryDescriptor directory(int fd, long right) {
        return kind(fd, DirectoryDescriptor.class, right);
    }

    /** The file or directory {@code fd}, holding {@code right}. */
    NodeDescriptor node(int fd, long right) {
        return kind(fd, NodeDescriptor.class, right);
    }

    private <D extends Descriptor> D kind(int fd, Class<D> kind, long right) {
        Descriptor descriptor = open.get(fd);
        if (!kind.isInstance(descriptor)) {
            throw WasiError.of(Errno.BADF);
        }
        require(descriptor, right);
        return kind.cast(descriptor);
    }

    /** Fails unless {@code descriptor} holds {@code right}: EBADF for FD_READ and FD_WRITE, else ENOTCAPABLE. */
    static void require(Descriptor descriptor, long right) {
        if (Rights.has(descriptor.rightsBase, right)) {
            return;
        }
        throw WasiError.of(right == Rights.FD_READ || right == Rights.FD_WRITE ? Errno.BADF : Errno.NOTCAPABLE);
    }
}
