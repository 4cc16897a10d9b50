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
    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (Session session = main().openSession()) {
            run(session);
        }
        return 0;
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
