package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code tarbox tenant create|list|delete}: the isolated trees of a database. */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete tenants (isolated trees).",
        subcommands = {TenantCommand.Create.class, TenantCommand.List.class, TenantCommand.Delete.class})
public final class TenantCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or delete");
    }

    static String checkedName(String name) {
        if (!Tenant.isValidName(name)) {
            throw new CliException(ExitCodes.USAGE, "invalid tenant name '" + name + "' (use 1 to 64 of A-Z a-z 0-9 . _ -)");
        }
        return name;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a tenant with an empty tree.")
    static final class Create extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "Tenant name: 1 to 64 of A-Z a-z 0-9 . _ -")
        String name;

        @Override
        String auditOperation() {
            return "tenant create";
        }

        @Override
        java.util.List<String> auditPaths() {
            return java.util.List.of(name);
        }

        @Override
        void run(Session session) {
            checkedName(name);
            try {
                session.store().createTenant(name);
            } catch (FsException e) {
                throw CliException.at("tenant '" + name + "'", e);
            }
            out().println("created tenant '" + name + "'");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tenants, one name a line.")
    static final class List extends TarboxCommand {
        @Option(names = "--json", description = "Print a JSON array of {name, id, created}.")
        boolean json;

        @Override
        void run(Session session) throws Exception {
            java.util.List<Tenant> tenants = session.store().listTenants();
            if (json) {
                java.util.List<Map<String, Object>> array = new ArrayList<>();
                for (Tenant tenant : tenants) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("name", tenant.name());
                    object.put("id", tenant.id());
                    object.put("created", Format.isoTime(tenant.createdNs()));
                    array.add(object);
                }
                Json.print(out(), array);
                return;
            }
            for (Tenant tenant : tenants) {
                out().println(tenant.name());
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a tenant and all its files.")
    static final class Delete extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "Tenant to delete.")
        String name;

        @Override
        String auditOperation() {
            return "tenant delete";
        }

        @Override
        java.util.List<String> auditPaths() {
            return java.util.List.of(name);
        }

        @Override
        void run(Session session) {
            checkedName(name);
            if (session.store().findTenant(name).isEmpty()) {
                throw new CliException(ExitCodes.NOT_FOUND, "unknown tenant '" + name + "'");
            }
            try {
                session.store().deleteTenant(name);
            } catch (FsException e) {
                throw CliException.at("tenant '" + name + "'", e);
            }
            out().println("deleted tenant '" + name + "'");
        }
    }
}
