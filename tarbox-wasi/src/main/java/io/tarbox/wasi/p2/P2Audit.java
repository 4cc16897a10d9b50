package io.tarbox.wasi.p2;

import io.tarbox.core.fs.FsError;
import io.tarbox.wasi.RunAudit;
import io.tarbox.wasi.host.AuditRows;
import io.tarbox.wasi.host.Errno;

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
    /** Events between flushes: a commit of the trees first, so the rows land with what they describe. */
    private static final int FLUSH_EVERY = 16_384;

    private final AuditRows rows;
    private final Runnable commit;
    private int unflushed;

    P2Audit(RunAudit audit, Runnable commit) {
        this.rows = new AuditRows(audit);
        this.commit = commit;
    }

    void ok(String operation, String path) {
        record(operation, path, 0, Errno.SUCCESS);
    }

    void failed(String operation, String path, FsError error) {
        record(operation, path, 0, Errno.of(error));
    }

    void wrote(P2Descriptor file, long bytes) {
        rows.wrote(file, file.guestPath, null, bytes);
    }

    /** The descriptor was dropped: its summed writes become a row. */
    void closed(P2Descriptor file) {
        if (rows.closed(file)) {
            counted();
        }
    }

    void finish() {
        rows.writeSums();
        rows.log().flush();
    }

    private void record(String operation, String path, long bytes, int errno) {
        rows.record(operation, path, null, bytes, errno);
        counted();
    }

    private void counted() {
        if (++unflushed >= FLUSH_EVERY) {
            commit.run();
            rows.log().flush();
            unflushed = 0;
        }
    }
}
