package io.tarbox.cli.command;

import io.tarbox.cli.Main;
import io.tarbox.cli.Session;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that works in a {@link Session}: opens the configured database, runs, and closes it
 * (which commits). Failures are thrown and reported by {@link Main}.
 */
abstract class TarboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (Session session = openSession()) {
            session.auditAs(auditOperation(), auditPaths());
            try {
                run(session);
            } catch (Exception | Error e) {
                session.auditFailure(e);
                throw e;
            }
            session.audit();
        }
        return 0;
    }

    /**
     * The operation recorded in the tenant's audit trail, one row per {@link #auditPaths()}, or
     * null for a command that changes nothing.
     */
    String auditOperation() {
        return null;
    }

    /** The paths (or names) the command changes, as given on the command line. */
    java.util.List<String> auditPaths() {
        return java.util.List.of();
    }

    /** The session the command works in (the configured database). */
    Session openSession() {
        return main().openSession();
    }

    /** Does the command's work; throws to fail. */
    abstract void run(Session session) throws Exception;

    final Main main() {
        return (Main) spec.root().userObject();
    }

    final PrintStream out() {
        return main().out();
    }
}
