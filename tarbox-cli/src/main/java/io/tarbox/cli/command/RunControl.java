package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.Configuration;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.AuditTrail;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.embed.RunWiring;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.control.ControlFilesystem;
import io.tarbox.wasi.control.ControlPlane;
import java.util.List;

/**
 * The control files of {@code tarbox run --control} ({@code /.tarbox}, docs/control-files.md): the
 * control plane over the run's session, its tree and its audit log.
 */
final class RunControl implements ControlPlane {
    private final Session session;
    private final LayeredFilesystem tree;
    /** The run's audit log, flushed before audit/recent is read; null when the run is not audited. */
    private final AuditLog log;

    private RunControl(Session session, LayeredFilesystem tree, AuditLog log) {
        this.session = session;
        this.tree = tree;
        this.log = log;
    }

    /**
     * Whether the run gets the control files. They act on the tenant's tree, so they need a
     * {@code --dir}: {@code --control} without one is a usage error, and the configuration's switch
     * does not apply to runs without one (a run over host directories only needs no database).
     */
    static boolean wanted(Boolean flag, Configuration configuration, boolean hasTree) {
        boolean on = configuration.control(flag);
        if (on && !hasTree) {
            if (flag != null) {
                throw new CliException(
                        ExitCodes.USAGE, "--control needs a --dir: the control files act on the tenant's tree");
            }
            return false;
        }
        return on;
    }

    /**
     * Adds {@code /.tarbox} to the run's preopens (after the others); the caller closes the
     * returned filesystem when the run ends.
     */
    static ControlFilesystem mount(Session session, RunTrail trail, RunWiring wiring) {
        LayeredFilesystem tree = session.layers();
        ControlFilesystem control = new ControlFilesystem(new RunControl(
                session,
                tree,
                trail == null || trail.audit() == null ? null : trail.audit().log()));
        wiring.preopen(Preopen.of(control, ControlFilesystem.GUEST_PATH));
        return control;
    }

    @Override
    public LayeredFilesystem tree() {
        return tree;
    }

    @Override
    public FilesystemInterface openSnapshot(String name) {
        return session.store().openSnapshot(session.tenant(), name);
    }

    /** Commits the tree and flushes the run's log first, so the run's own events are there. */
    @Override
    public List<AuditEvent> recentAudit(int limit) {
        if (!(session.store() instanceof AuditTrail trail)) {
            return List.of();
        }
        tree.syncAll(); // on SQLite the tree's open transaction would hold the lock the log needs
        if (log != null) {
            log.flush();
        }
        return trail.audit(session.tenant(), new AuditQuery(null, null, null, null, false, limit));
    }

    @Override
    public TenantUsage usage() {
        tree.syncAll();
        return session.store().usage(session.tenant());
    }
}
