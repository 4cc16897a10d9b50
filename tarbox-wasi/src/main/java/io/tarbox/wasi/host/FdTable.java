package io.tarbox.wasi.host;

import io.tarbox.wasi.RunLimits;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guest's descriptor table. New descriptors take the lowest free number, as POSIX open(2).
 *
 * <p>{@link #check} is the one place that decides the errno for "wrong descriptor": EBADF when the
 * number is not open or names the wrong kind of descriptor (as wasmtime), EBADF as well when FD_READ
 * or FD_WRITE is missing (reading a write-only descriptor, as POSIX and wasmtime), and ENOTCAPABLE
 * when any other right is missing.
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

    Descriptor remove(int fd) {
        return open.remove(fd);
    }

    /** Moves {@code from} onto {@code to}, closing what {@code to} held. */
    void renumber(int from, int to) {
        Descriptor descriptor = open.remove(from);
        open.put(to, descriptor);
    }

    Iterable<Map.Entry<Integer, Descriptor>> entries() {
        return open.entrySet();
    }

    /**
     * Zero when {@code fd} is open, is a {@code kind} and holds {@code right}; the errno otherwise.
     */
    int check(int fd, Class<? extends Descriptor> kind, long right) {
        Descriptor descriptor = open.get(fd);
        if (descriptor == null || !kind.isInstance(descriptor)) {
            return Errno.BADF;
        }
        return missing(descriptor, right);
    }

    static int missing(Descriptor descriptor, long right) {
        if (Rights.has(descriptor.rightsBase, right)) {
            return Errno.SUCCESS;
        }
        if (right == Rights.FD_READ || right == Rights.FD_WRITE) {
            return Errno.BADF;
        }
        return Errno.NOTCAPABLE;
    }
}
