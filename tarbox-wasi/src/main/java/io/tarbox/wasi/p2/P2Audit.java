package io.tarbox.wasi.p2;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.fs.FsError;
import io.tarbox.wasi.RunAudit;
import io.tarbox.wasi.host.Errno;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Records the file operations of a WASI 0.2 run in the audit log, in the same vocabulary as the
 * preview 1 host's {@code AuditRecorder} (operation names of preview 1, errno numbers through
 * {@link Errno#of}), so {@code tarbox audit} reads the same rows whichever interface a program
 * used: every mutating call (create-directory-at as path_create_directory, open-at that creates,
 * truncates or opens for writing as path_open, ...) is a row; successful writes are summed per
 * descriptor into one fd_write row when it is dropped or the run ends; a failed write is a row of
 * its own.
 */
final class P2Audit {
    /** Events between flushes, as the preview 1 recorder (see AuditRecorder.FLUSH_EVERY for why it commits first). */
    private static final int FLUSH_EVERY = 16_384;

    private final RunAudit audit;
    private final Runnable commit;
    private final Map<P2Descriptor, long[]> written = new IdentityHashMap<>();
    private int unflushed;

    P2Audit(RunAudit audit, Runnable commit) {
        this.audit = audit;
        this.commit = commit;
    }

    void ok(String operation, String path) {
        record(operation, path, 0, Errno.SUCCESS);
    }

    void failed(String operation, String path, FsError error) {
        record(operation, path, 0, Errno.of(error));
    }

    void wrote(P2Descriptor file, long bytes) {
        written.computeIfAbsent(file, f -> new long[1])[0] += bytes;
    }

    /** The descriptor was dropped: its summed writes become a row. */
    void closed(P2Descriptor file) {
        long[] bytes = written.remove(file);
        if (bytes != null) {
            record("fd_write", file.guestPath, bytes[0], Errno.SUCCESS);
        }
    }

    void finish() {
        for (Map.Entry<P2Descriptor, long[]> e : written.entrySet()) {
            record("fd_write", e.getKey().guestPath, e.getValue()[0], Errno.SUCCESS);
        }
        written.clear();
        audit.log().flush();
    }

    private void record(String operation, String path, long bytes, int errno) {
        Instant now = Instant.now();
        AuditLog log = audit.log();
        log.record(new AuditEvent(now.getEpochSecond() * 1_000_000_000L + now.getNano(), audit.layer().getAsLong(),
                audit.runId(), audit.moduleHash(), operation, path, bytes, errno));
        if (++unflushed >= FLUSH_EVERY) {
            commit.run();
            log.flush();
            unflushed = 0;
        }
    }
}
