package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.wasi.RunAudit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records a run's file operations in an {@link AuditLog}: the one place of the WASI host that
 * audits. It wraps the host functions that can change the tree (by WASI name), reads their path
 * arguments from guest memory and their errno from the result, so the function bodies know nothing
 * of auditing.
 *
 * <p>What becomes a row: every call of path_create_directory, path_filestat_set_times, path_link,
 * path_remove_directory, path_rename, path_symlink, path_unlink_file, fd_filestat_set_size,
 * fd_filestat_set_times and fd_allocate, and every path_open with O_CREAT, O_TRUNC or the right to
 * write (successful or not). Successful fd_write/fd_pwrite calls on a file are summed per
 * descriptor into one "fd_write" row when it is closed or the run ends; a failed one is a row of
 * its own. Reads, stat calls and writes to stdio are not recorded.
 */
final class AuditRecorder {
    /**
     * Events recorded between flushes. Before each flush the preopens are committed: on SQLite the
     * filesystem's open transaction holds the write lock the log's insert needs, and waiting for
     * its group-commit timer instead cost more than the run itself.
     */
    static final int FLUSH_EVERY = 16_384;

    private final AuditLog log;
    private final String runId;
    private final String moduleHash;
    private final LongSupplier layer;
    private final FdTable fds;
    /** Guest paths of open descriptors (preopens by their name, others as path_open named them). */
    private final Map<Descriptor, String> paths = new IdentityHashMap<>();
    /** Bytes written through each file descriptor since it was opened. */
    private final Map<Descriptor, long[]> written = new IdentityHashMap<>();
    private Runnable commit = () -> {};
    private int unflushed;

    AuditRecorder(RunAudit audit, FdTable fds) {
        this.log = audit.log();
        this.runId = audit.runId();
        this.moduleHash = audit.moduleHash();
        this.layer = audit.layer();
        this.fds = fds;
    }

    /** What commits the run's filesystems, called before each intermediate flush. */
    void beforeFlush(Runnable value) {
        this.commit = value;
    }

    /** Remembers a preopen's guest path. */
    void preopened(Descriptor descriptor, String guestPath) {
        paths.put(descriptor, guestPath);
    }

    /** The functions, those that change the tree wrapped to be recorded. */
    List<HostFunction> wrap(List<HostFunction> functions) {
        List<HostFunction> out = new ArrayList<>(functions.size());
        for (HostFunction f : functions) {
            WasmFunctionHandle inner = f.handle();
            WasmFunctionHandle audited = audited(f.name(), inner);
            out.add(audited == null ? f : new HostFunction(f.module(), f.name(), f.functionType(), audited));
        }
        return out;
    }

    /** Writes the summed writes of descriptors still open and flushes the log (end of run). */
    void finish() {
        for (Map.Entry<Descriptor, long[]> e : written.entrySet()) {
            emitWrites(e.getKey(), e.getValue()[0]);
        }
        written.clear();
        log.flush();
    }

    private WasmFunctionHandle audited(String name, WasmFunctionHandle inner) {
        switch (name) {
            case "path_create_directory":
            case "path_remove_directory":
            case "path_unlink_file":
                return (instance, args) -> pathCall(name, inner, instance, args, 0, 1);
            case "path_filestat_set_times":
                return (instance, args) -> pathCall(name, inner, instance, args, 0, 2);
            case "path_symlink":
                return (instance, args) -> pathCall(name, inner, instance, args, 2, 3);
            case "path_open":
                return (instance, args) -> open(inner, instance, args);
            case "path_link":
                return (instance, args) -> twoPathCall(name, inner, instance, args, 0, 2, 4, 5);
            case "path_rename":
                return (instance, args) -> twoPathCall(name, inner, instance, args, 0, 1, 3, 4);
            case "fd_filestat_set_size":
            case "fd_filestat_set_times":
            case "fd_allocate":
                return (instance, args) -> fdCall(name, inner, instance, args);
            case "fd_write":
                return (instance, args) -> write(name, inner, instance, args, 3);
            case "fd_pwrite":
                return (instance, args) -> write(name, inner, instance, args, 4);
            case "fd_close":
                return (instance, args) -> close(inner, instance, args);
            default:
                return null;
        }
    }

    private long[] pathCall(String name, WasmFunctionHandle inner, Instance instance, long[] args, int fdArg,
            int ptrArg) {
        String path = guestPath(instance.memory(), args, fdArg, ptrArg);
        long[] result = inner.apply(instance, args);
        record(name, path, 0, (int) result[0]);
        return result;
    }

    private long[] twoPathCall(String name, WasmFunctionHandle inner, Instance instance, long[] args, int fromFd,
            int fromPtr, int toFd, int toPtr) {
        String from = guestPath(instance.memory(), args, fromFd, fromPtr);
        String to = guestPath(instance.memory(), args, toFd, toPtr);
        long[] result = inner.apply(instance, args);
        record(name, from + " -> " + to, 0, (int) result[0]);
        return result;
    }

    private long[] open(WasmFunctionHandle inner, Instance instance, long[] args) {
        Memory memory = instance.memory();
        String path = guestPath(memory, args, 0, 2);
        int oflags = (int) args[4];
        boolean changes = Flags.set(oflags, Flags.O_CREAT) || Flags.set(oflags, Flags.O_TRUNC)
                || (args[5] & Rights.WRITE_INTENT) != 0;
        long[] result = inner.apply(instance, args);
        int errno = (int) result[0];
        if (errno == Errno.SUCCESS) {
            paths.put(fds.get(memory.readInt((int) args[8])), path);
        }
        if (changes) {
            record("path_open", path, 0, errno);
        }
        return result;
    }

    private long[] fdCall(String name, WasmFunctionHandle inner, Instance instance,
            long[] args) {
        Descriptor descriptor = fds.get((int) args[0]);
        long[] result = inner.apply(instance, args);
        if (descriptor instanceof NodeDescriptor) {
            record(name, paths.get(descriptor), 0, (int) result[0]);
        }
        return result;
    }

    private long[] write(String name, WasmFunctionHandle inner, Instance instance,
            long[] args, int nwrittenArg) {
        Descriptor descriptor = fds.get((int) args[0]);
        long[] result = inner.apply(instance, args);
        if (descriptor instanceof FileDescriptor) {
            int errno = (int) result[0];
            if (errno == Errno.SUCCESS) {
                int n = instance.memory().readInt((int) args[nwrittenArg]);
                written.computeIfAbsent(descriptor, d -> new long[1])[0] += Integer.toUnsignedLong(n);
            } else {
                record(name, paths.get(descriptor), 0, errno);
            }
        }
        return result;
    }

    private long[] close(WasmFunctionHandle inner, Instance instance, long[] args) {
        Descriptor descriptor = fds.get((int) args[0]);
        long[] result = inner.apply(instance, args);
        if (descriptor != null && (int) result[0] == Errno.SUCCESS) {
            long[] bytes = written.remove(descriptor);
            if (bytes != null) {
                emitWrites(descriptor, bytes[0]);
            }
            paths.remove(descriptor);
        }
        return result;
    }

    private void emitWrites(Descriptor descriptor, long bytes) {
        record("fd_write", paths.get(descriptor), bytes, Errno.SUCCESS);
    }

    private void record(String operation, String path, long bytes, int errno) {
        Instant now = Instant.now();
        log.record(new AuditEvent(now.getEpochSecond() * 1_000_000_000L + now.getNano(), layer.getAsLong(), runId, moduleHash,
                operation, path, bytes, errno));
        if (++unflushed >= FLUSH_EVERY) {
            commit.run();
            log.flush();
            unflushed = 0;
        }
    }

    /**
     * The guest path a call names: the directory descriptor's guest path joined with the path
     * argument (as the guest spelled it), or null when the descriptor or the string is not valid.
     */
    private String guestPath(Memory memory, long[] args, int fdArg, int ptrArg) {
        String base = paths.get(fds.get((int) args[fdArg]));
        String path = GuestStrings.read(memory, (int) args[ptrArg], (int) args[ptrArg + 1]);
        if (base == null || path == null) {
            return path;
        }
        return base.endsWith("/") ? base + path : base + "/" + path;
    }
}
