package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import picocli.CommandLine.Command;

/** {@code tarbox init}: creates or migrates the database and says where it is. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Create the database (or migrate it to this version) and print where it is.")
public final class InitCommand extends TarboxCommand {
    @Override
    void run(Session session) {
        // Opening the store created or migrated it; opening the tree checks the tenant exists.
        session.tree();
        out().println("Tarbox database ready: " + session.store().location() + " (tenant '" + session.tenant() + "')");
    }
}
