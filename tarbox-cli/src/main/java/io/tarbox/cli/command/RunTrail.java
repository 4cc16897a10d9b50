package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.storage.sql.Settings;
import io.tarbox.wasi.RunAudit;

/**
 * The trail of one {@code tarbox run} on the tenant's tree: its row in {@code runs} and its audit
 * log, recorded by tarbox-embed's {@link io.tarbox.embed.RunTrail} (the one place that records
 * runs); this adds the command's refusal of {@code --no-audit} and the signals of
 * {@link RunTermination}.
 */
final class RunTrail {
    private final io.tarbox.embed.RunTrail trail;

    private RunTrail(io.tarbox.embed.RunTrail trail) {
        this.trail = trail;
    }

    /**
     * Records the start of a run on the session's tree (opened already); null when the store keeps
     * no trail.
     *
     * @param name the module's file name ({@link io.tarbox.embed.RunWiring#programName})
     * @param audited false for {@code --no-audit}, which the database may refuse (require-audit)
     * @throws CliException FAILED when the database requires every run to be audited
     */
    static RunTrail start(Session session, String name, byte[] bytes, boolean audited) {
        if (!audited && io.tarbox.embed.RunTrail.auditRequired(session.store())) {
            throw notPermitted(null);
        }
        try {
            io.tarbox.embed.RunTrail trail = io.tarbox.embed.RunTrail.start(
                    session.store(), session.tenant(), session.layers(), name, bytes, audited);
            return trail == null ? null : new RunTrail(trail);
        } catch (FsException e) {
            throw e.error() == FsError.NOT_PERMITTED && !audited ? notPermitted(e) : e;
        }
    }

    private static CliException notPermitted(Throwable cause) {
        return new CliException(
                ExitCodes.FAILED,
                "this database requires every run to be audited: --no-audit is" + " refused ('tarbox db set "
                        + Settings.REQUIRE_AUDIT + " off' allows it)",
                cause);
    }

    /** The trail as tarbox-embed records it, for {@link io.tarbox.embed.RunWiring#trail}. */
    io.tarbox.embed.RunTrail embedded() {
        return trail;
    }

    /** How the run is audited; null for a run that is not. */
    RunAudit audit() {
        return trail.audit();
    }

    /**
     * Records how the run ended: its exit code, or ({@code signalled} not null) the signal that
     * stopped it. Writes the run's remaining audit events first, so its files changed can be counted.
     */
    void finish(int exitCode, RunTermination signalled) {
        if (signalled != null) {
            trail.finishSignalled(signalled.signalExitCode(), signalled.signal());
        } else {
            trail.finish(exitCode);
        }
    }

    /** Records that a signal ended the run (also from the shutdown hook, when the run could not finish itself). */
    void finishUnfinished(RunTermination termination) {
        trail.finishRowSignalled(termination.signalExitCode(), termination.signal());
    }
}
