package io.tarbox.embed;

import io.tarbox.core.audit.AuditTrail;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.wasi.RunAudit;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The trail of one run on a tenant's tree: its row in the tenant's {@code runs}, written before the
 * program starts (also for a run that is not audited, marked so) and completed when it ends, and
 * the log of its file operations, written in the tree's own commits (docs/audit.md). The one
 * place that records runs: {@link Run} and {@code tarbox run} both start theirs here.
 */
public final class RunTrail {
    private final AuditTrail store;
    private final String tenant;
    private final String runId;
    /** Null for a run that is not audited. */
    private final RunAudit audit;

    private final long started = System.nanoTime();

    private RunTrail(AuditTrail store, String tenant, String runId, RunAudit audit) {
        this.store = store;
        this.tenant = tenant;
        this.runId = runId;
        this.audit = audit;
    }

    /**
     * Records the start of a run on {@code tree} (the tenant's tree or scratch tree, open); null
     * when the store keeps no trail.
     *
     * @param name the module's file name, as {@code tarbox runs} shows it
     * @param audited false: the run's operations are not recorded (the row says so)
     * @throws io.tarbox.core.fs.FsException NOT_PERMITTED when the database requires every run to
     *     be audited and this one is not
     */
    public static RunTrail start(
            TarboxStore store, String tenant, LayeredFilesystem tree, String name, byte[] binary, boolean audited) {
        if (!(store instanceof AuditTrail trail)) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        String hash = sha256(binary);
        Instant now = Instant.now();
        trail.startRun(
                tenant,
                RunRecord.started(id, name, hash, now.getEpochSecond() * 1_000_000_000L + now.getNano(), audited));
        RunAudit audit = audited ? new RunAudit(trail.auditLog(tree), id, hash, tree::currentLayerId) : null;
        return new RunTrail(trail, tenant, id, audit);
    }

    /** Whether the store refuses runs that are not audited ({@code require-audit}). */
    public static boolean auditRequired(TarboxStore store) {
        return store instanceof AuditTrail trail && trail.requiresAudit();
    }

    public String runId() {
        return runId;
    }

    /** How the run is audited ({@code RunOptions.audit}); null for a run that is not. */
    public RunAudit audit() {
        return audit;
    }

    /**
     * Records that the run exited with {@code exitCode}, its remaining audit events first (so its
     * files changed can be counted).
     */
    public void finish(int exitCode) {
        try {
            closeLog();
        } finally {
            store.finishRun(tenant, runId, millis(), exitCode);
        }
    }

    /**
     * Records that a signal stopped the run ({@code signal}, e.g. "SIGTERM", null when unknown), and
     * the exit code the process ends with (null when unknown), its remaining audit events first.
     */
    public void finishSignalled(Integer exitCode, String signal) {
        try {
            closeLog();
        } finally {
            finishRowSignalled(exitCode, signal);
        }
    }

    /**
     * Completes only the run's row, as stopped by a signal (from a shutdown hook, when the run could
     * not finish itself); false when the row was completed already.
     */
    public boolean finishRowSignalled(Integer exitCode, String signal) {
        return store.finishRun(tenant, runId, millis(), exitCode, signal, true);
    }

    private void closeLog() {
        if (audit != null) {
            audit.log().close();
        }
    }

    private long millis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
