package io.tarbox.core.audit;

import io.tarbox.core.fs.FilesystemInterface;
import java.util.List;

/**
 * A store's audit trail: the runs of each tenant and the log of their file operations. The SQL
 * store keeps it in its own tables; a remote store sends it to the server, which stamps each row
 * with the token that sent it. A store without a trail does not implement this.
 */
public interface AuditTrail {
    /** A log of {@code tenant} for events no tree's commit carries; close it to write what it holds. */
    AuditLog auditLog(String tenant);

    /**
     * The log of {@code tree}, one of this store's open trees: its events are written in the tree's
     * own commits, with the changes they describe.
     *
     * @throws IllegalArgumentException when {@code tree} is not an open tree of this store
     */
    AuditLog auditLog(FilesystemInterface tree);

    /**
     * Records that a run started ({@code run.status()} RUNNING), before it changes anything.
     *
     * @throws io.tarbox.core.fs.FsException NOT_PERMITTED when the store refuses the run (it
     *     requires audit and the run is not audited)
     */
    void startRun(String tenant, RunRecord run);

    /**
     * Records how a run ended: its exit code, or ({@code signalled}) the signal that stopped it
     * ({@code signal}, null when unknown) and the exit code the process ends with (null when
     * unknown). Flush the run's audit log first, so its files changed can be counted. Returns false
     * when the run's row was completed already.
     */
    boolean finishRun(
            String tenant, String runId, long durationMillis, Integer exitCode, String signal, boolean signalled);

    /** Records that a run exited with {@code exitCode}. */
    default void finishRun(String tenant, String runId, long durationMillis, int exitCode) {
        finishRun(tenant, runId, durationMillis, exitCode, null, false);
    }

    /** The tenant's runs, oldest first. */
    List<RunRecord> runs(String tenant);

    /** The tenant's audit events matching {@code query}, oldest first. */
    List<AuditEvent> audit(String tenant, AuditQuery query);

    /** Whether every run must be audited (the database setting {@code require-audit}). */
    boolean requiresAudit();
}
