package io.tarbox.wasi.host;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.wasi.RunAudit;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The rows a run's audit recorders write, for preview 1 ({@link AuditRecorder}) and WASI 0.2
 * ({@code P2Audit}) alike: one event per recorded call, stamped with the run, the module and the
 * layer; and the bytes written through each open descriptor summed into one {@code fd_write} row,
 * written when the descriptor is closed or {@link #writeSums} is called.
 */
public final class AuditRows {
    private final RunAudit audit;
    /** Bytes written through each open descriptor since its last row, with the path and object it names. */
    private final Map<Object, Sum> written = new IdentityHashMap<>();

    private static final class Sum {
        final String path;
        final String object;
        long bytes;

        Sum(String path, String object) {
            this.path = path;
            this.object = object;
        }
    }

    public AuditRows(RunAudit audit) {
        this.audit = audit;
    }

    public AuditLog log() {
        return audit.log();
    }

    /** Records one event now. */
    public void record(String operation, String path, String object, long bytes, int errno) {
        Instant now = Instant.now();
        audit.log()
                .record(new AuditEvent(
                        now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                        audit.layer().getAsLong(),
                        audit.runId(),
                        audit.moduleHash(),
                        operation,
                        path,
                        object,
                        bytes,
                        errno));
    }

    /** Adds a successful write through {@code descriptor} (which names {@code path}, {@code object}) to its sum. */
    public void wrote(Object descriptor, String path, String object, long bytes) {
        written.computeIfAbsent(descriptor, d -> new Sum(path, object)).bytes += bytes;
    }

    /** The descriptor was closed: its summed writes become a row; returns whether there was one. */
    public boolean closed(Object descriptor) {
        Sum sum = written.remove(descriptor);
        if (sum != null) {
            record("fd_write", sum.path, sum.object, sum.bytes, Errno.SUCCESS);
        }
        return sum != null;
    }

    /** Writes the rows of every descriptor's summed writes (before each commit, at the end of the run). */
    public void writeSums() {
        for (Sum sum : written.values()) {
            record("fd_write", sum.path, sum.object, sum.bytes, Errno.SUCCESS);
        }
        written.clear();
    }
}
