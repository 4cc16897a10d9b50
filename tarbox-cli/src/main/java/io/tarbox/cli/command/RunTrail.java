package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.storage.sql.Settings;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.RunAudit;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The trail of one {@code tarbox run} on the tenant's tree: its row in {@code runs}, written before
 * the program starts (also for {@code --no-audit}, marked not audited) and completed when it ends,
 * and the log of its operations, written in the tree's own commits.
 */
final class RunTrail {
    private final SqlStore store;
    private final String tenant;
    private final String runId;
    /** Null for a run that is not audited. */
    private final RunAudit audit;
    private final long started = System.nanoTime();

    private RunTrail(SqlStore store, String tenant, String runId, RunAudit audit) {
        this.store = store;
        this.tenant = tenant;
        this.runId = runId;
        this.audit = audit;
    }

    /**
     * Records the start of a run on the session's tree (opened already); null when the store keeps
     * no trail.
     *
     * @param audited false for {@code --no-audit}, which the database may refuse (require-audit)
     * @throws CliException FAILED when the database requires every run to be audited
     */
    static RunTrail start(Session session, Path module, byte[] bytes, boolean audited) {
        if (!(session.store() instanceof SqlStore store)) {
            return null;
        }
        if (!audited && store.settings().requireAudit()) {
            throw notPermitted(null);
        }
        String id = UUID.randomUUID().toString();
        String hash = sha256(bytes);
        Instant now = Instant.now();
        String name = module.getFileName() == null ? module.toString() : module.getFileName().toString();
        try {
            store.startRun(session.tenant(), RunRecord.started(id, name, hash,
                    now.getEpochSecond() * 1_000_000_000L + now.getNano(), audited));
        } catch (FsException e) {
            throw e.error() == FsError.NOT_PERMITTED && !audited ? notPermitted(e) : e;
        }
        RunAudit audit = audited ? new RunAudit(store.auditLog(session.layers()), id, hash,
                session.layers()::currentLayerId) : null;
        return new RunTrail(store, session.tenant(), id, audit);
    }

    private static CliException notPermitted(Throwable cause) {
        return new CliException(ExitCodes.FAILED, "this database requires every run to be audited: --no-audit is"
                + " refused ('tarbox db set " + Settings.REQUIRE_AUDIT + " off' allows it)", cause);
    }

    /** How the run is audited; null for a run that is not. */
    RunAudit audit() {
        return audit;
    }

    /**
     * Records how the run ended: its exit code, or ({@code signalled} not null) the signal that
     * stopped it. Writes the run's remaining audit events first, so its files changed can be counted.
     */
    void finish(int exitCode, RunTermination signalled) {
        try {
            if (audit != null) {
                audit.log().close();
            }
        } finally {
            if (signalled != null) {
                finishUnfinished(signalled);
            } else {
                store.finishRun(tenant, runId, (System.nanoTime() - started) / 1_000_000, exitCode);
            }
        }
    }

    /** Records that a signal ended the run (also from the shutdown hook, when the run could not finish itself). */
    void finishUnfinished(RunTermination termination) {
        store.finishRun(tenant, runId, (System.nanoTime() - started) / 1_000_000, termination.signalExitCode(),
                termination.signal(), true);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
