package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.path.PathResolver.Resolved;
import io.tarbox.wasi.RunAudit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
 * descriptor into one "fd_write" row, written when the descriptor is closed, when the run ends, and
 * at every commit of the tree in between (so the bytes a commit stores have their row in that same
 * commit). A failed write is a row of its own. Reads, stat calls and writes to stdio are not
 * recorded.
 *
 * <p>Each row names the path as the guest spelled it and, when that led elsewhere (through a
 * symlink), the object actually changed: the way {@link io.tarbox.core.path.PathResolver} walked,
 * joined to the directory descriptor's own resolved path.
 *
 * <p>Each wrapped call runs {@link AuditLog#atomically}: the tree cannot commit between a change
 * and its row.
 */
final class AuditRecorder {
    private final AuditLog log;
    private final AuditRows rows;
    private final FdTable fds;
    /** Guest paths of open descriptors (preopens by their name, others as path_open named them). */
    private final Map<Descriptor, String> paths = new IdentityHashMap<>();
    /** The objects open descriptors name: their guest paths with every symlink followed. */
    private final Map<Descriptor, String> objects = new IdentityHashMap<>();
    /** The resolutions of the call under way (see {@link #resolved}), null between calls. */
    private List<String> walked;

    AuditRecorder(RunAudit audit, FdTable fds) {
        this.log = audit.log();
        this.rows = new AuditRows(audit);
        this.fds = fds;
        log.beforeEachCommit(rows::writeSums);
    }

    /** Remembers a preopen's guest path. */
    void preopened(Descriptor descriptor, String guestPath) {
        paths.put(descriptor, guestPath);
        objects.put(descriptor, guestPath);
    }

    /**
     * Told by the path functions of every resolution, relative to directory descriptor {@code dir};
     * kept only while a recorded call runs (the object it changed).
     */
    void resolved(Descriptor dir, Resolved resolution) {
        if (walked != null) {
            walked.add(join(objects.get(dir), resolution.walked()));
        }
    }

    /** The functions, those that change the tree wrapped to be recorded. */
    List<HostFunction> wrap(List<HostFunction> functions) {
        List<HostFunction> out = new ArrayList<>(functions.size());
        for (HostFunction f : functions) {
            WasmFunctionHandle inner = f.handle();
            WasmFunctionHandle audited = audited(f.name(), inner);
            out.add(
                    audited == null
                            ? f
                            : new HostFunction(
                                    f.module(),
                                    f.name(),
                                    f.functionType(),
                                    (instance, args) -> log.atomically(() -> audited.apply(instance, args))));
        }
        return out;
    }

    /** Writes the summed writes of descriptors still open and flushes the log (end of run). */
    void finish() {
        log.atomically(() -> {
            rows.writeSums();
            return null;
        });
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

    /** Runs the call, keeping the objects its path resolutions reached. */
    private long[] resolving(WasmFunctionHandle inner, Instance instance, long[] args, List<String> into) {
        walked = into;
        try {
            return inner.apply(instance, args);
        } finally {
            walked = null;
        }
    }

    private long[] pathCall(
            String name, WasmFunctionHandle inner, Instance instance, long[] args, int fdArg, int ptrArg) {
        String path = guestPath(instance.memory(), args, fdArg, ptrArg);
        List<String> reached = new ArrayList<>(2);
        long[] result = resolving(inner, instance, args, reached);
        record(name, path, last(reached), 0, (int) result[0]);
        return result;
    }

    private long[] twoPathCall(
            String name,
            WasmFunctionHandle inner,
            Instance instance,
            long[] args,
            int fromFd,
            int fromPtr,
            int toFd,
            int toPtr) {
        String from = guestPath(instance.memory(), args, fromFd, fromPtr);
        String to = guestPath(instance.memory(), args, toFd, toPtr);
        List<String> reached = new ArrayList<>(2);
        long[] result = resolving(inner, instance, args, reached);
        String objects = reached.size() == 2 ? reached.get(0) + " -> " + reached.get(1) : null;
        record(name, from + " -> " + to, objects, 0, (int) result[0]);
        return result;
    }

    private long[] open(WasmFunctionHandle inner, Instance instance, long[] args) {
        Memory memory = instance.memory();
        String path = guestPath(memory, args, 0, 2);
        int oflags = (int) args[4];
        boolean changes = Flags.set(oflags, Flags.O_CREAT)
                || Flags.set(oflags, Flags.O_TRUNC)
                || (args[5] & Rights.WRITE_INTENT) != 0;
        List<String> reached = new ArrayList<>(1);
        long[] result = resolving(inner, instance, args, reached);
        int errno = (int) result[0];
        String object = last(reached);
        if (errno == Errno.SUCCESS) {
            Descriptor opened = fds.get(memory.readInt((int) args[8]));
            paths.put(opened, path);
            objects.put(opened, object != null ? object : path);
        }
        if (changes) {
            record("path_open", path, object, 0, errno);
        }
        return result;
    }

    private long[] fdCall(String name, WasmFunctionHandle inner, Instance instance, long[] args) {
        Descriptor descriptor = fds.get((int) args[0]);
        long[] result = inner.apply(instance, args);
        if (descriptor instanceof NodeDescriptor) {
            record(name, paths.get(descriptor), objects.get(descriptor), 0, (int) result[0]);
        }
        return result;
    }

    private long[] write(String name, WasmFunctionHandle inner, Instance instance, long[] args, int nwrittenArg) {
        Descriptor descriptor = fds.get((int) args[0]);
        long[] result = inner.apply(instance, args);
        if (descriptor instanceof FileDescriptor) {
            int errno = (int) result[0];
            if (errno == Errno.SUCCESS) {
                int n = instance.memory().readInt((int) args[nwrittenArg]);
                rows.wrote(descriptor, paths.get(descriptor), objects.get(descriptor), Integer.toUnsignedLong(n));
            } else {
                record(name, paths.get(descriptor), objects.get(descriptor), 0, errno);
            }
        }
        return result;
    }

    private long[] close(WasmFunctionHandle inner, Instance instance, long[] args) {
        Descriptor descriptor = fds.get((int) args[0]);
        long[] result = inner.apply(instance, args);
        if (descriptor != null && (int) result[0] == Errno.SUCCESS) {
            rows.closed(descriptor);
            paths.remove(descriptor);
            objects.remove(descriptor);
        }
        return result;
    }

    private void record(String operation, String path, String object, long bytes, int errno) {
        rows.record(operation, path, object, bytes, errno);
    }

    private static String last(List<String> reached) {
        return reached.isEmpty() ? null : reached.get(reached.size() - 1);
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

    /**
     * A resolved directory's path joined with the way walked from it ({@link Resolved#walked}),
     * ".." taken away lexically (the directory's path has no symlink left to make that wrong); null
     * when the directory's path is unknown.
     */
    static String join(String dir, String walked) {
        if (dir == null) {
            return null;
        }
        boolean absolute = walked.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        if (!absolute) {
            for (String part : dir.split("/")) {
                if (!part.isEmpty()) {
                    parts.addLast(part);
                }
            }
        }
        for (String part : walked.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return (dir.startsWith("/") || absolute ? "/" : "") + String.join("/", parts);
    }
}
