package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tarbox init}: creates or migrates the database and says where it is; with
 * {@code --create-roles}, sets a PostgreSQL database up with the roles of docs/storage.md
 * ("Deploying on PostgreSQL").
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create the database (or migrate it to this version) and print where it is.",
            "With --create-roles (PostgreSQL, run as a superuser): create the roles PREFIX_owner (owns the tables;",
            "no login), PREFIX_app (what Tarbox runs as: cannot change or delete the audit trail), PREFIX_admin",
            "(prunes the trail, changes settings, makes per-tenant roles) and PREFIX_tenant (the group of",
            "per-tenant roles), make PREFIX_owner own the schema and grant each role what it needs. Run it again",
            "after upgrading Tarbox: it migrates as PREFIX_owner and grants anew."
        })
public final class InitCommand extends TarboxCommand {
    @Option(names = "--create-roles", description = "Set up PostgreSQL roles (see above).")
    boolean createRoles;

    @Option(
            names = "--role-prefix",
            paramLabel = "PREFIX",
            defaultValue = "tarbox",
            description = "The roles' prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Override
    Session openSession() {
        return createRoles ? main().openSessionCreatingRoles(prefix) : super.openSession();
    }

    @Override
    void run(Session session) {
        // Opening the store created or migrated it; opening the tree checks the tenant exists.
        session.tree();
        out().println("Tarbox database ready: " + session.store().location() + " (tenant '" + session.tenant() + "')");
        if (createRoles) {
            out().println("roles: " + prefix + "_owner (owns the tables; no login), " + prefix + "_app (runs Tarbox), "
                    + prefix + "_admin (prunes the audit trail, settings, per-tenant roles), " + prefix
                    + "_tenant (group of per-tenant roles); give the login roles a password with ALTER ROLE");
        }
    }
}
