package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.model.TenantUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tarbox tenant create|list|delete}: the isolated trees of a database. */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete tenants (isolated trees); set their storage quotas; give database roles"
                + " to one tenant (PostgreSQL).",
        subcommands = {
            TenantCommand.Create.class,
            TenantCommand.List.class,
            TenantCommand.Delete.class,
            TenantCommand.Quota.class,
            TenantCommand.Grant.class,
            TenantCommand.Revoke.class
        })
public final class TenantCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "missing subcommand: create, list, delete, quota, grant or revoke");
    }

    static String checkedName(String name) {
        if (!Tenant.isValidName(name)) {
            throw new CliException(
                    ExitCodes.USAGE, "invalid tenant name '" + name + "' (use 1 to 64 of A-Z a-z 0-9 . _ -)");
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
        @Option(names = "--json", description = "Print a JSON array of {name, id, created, usedBytes, quotaBytes}.")
        boolean json;

        @Option(
                names = "-l",
                description = "Also the bytes stored and the quota: NAME<TAB>USED<TAB>QUOTA ('-' for none).")
        boolean longFormat;

        @Override
        void run(Session session) throws Exception {
            java.util.List<Tenant> tenants = session.store().listTenants();
            if (json) {
                java.util.List<Map<String, Object>> array = new ArrayList<>();
                for (Tenant tenant : tenants) {
                    TenantUsage usage = session.store().usage(tenant.name());
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("name", tenant.name());
                    object.put("id", tenant.id());
                    object.put("created", Format.isoTime(tenant.createdNs()));
                    object.put("usedBytes", usage.usedBytes());
                    object.put(
                            "quotaBytes",
                            usage.quotaBytes().isPresent() ? usage.quotaBytes().getAsLong() : null);
                    array.add(object);
                }
                Json.print(out(), array);
                return;
            }
            for (Tenant tenant : tenants) {
                if (longFormat) {
                    TenantUsage usage = session.store().usage(tenant.name());
                    out().println(Format.oneLine(tenant.name()) + "\t" + usage.usedBytes() + "\t"
                            + (usage.quotaBytes().isPresent()
                                    ? Long.toString(usage.quotaBytes().getAsLong())
                                    : "-"));
                } else {
                    out().println(Format.oneLine(tenant.name()));
                }
            }
        }
    }

    @Command(
            name = "quota",
            mixinStandardHelpOptions = true,
            description = "Set a tenant's storage quota (SIZE: bytes, or with K, M, G), or 'none' to remove it.")
    static final class Quota extends TarboxCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The tenant.")
        String name;

        @Parameters(
                index = "1",
                paramLabel = "SIZE|none",
                description = "Most bytes of file data the tenant may store.")
        String size;

        @Override
        void run(Session session) {
            checkedName(name);
            OptionalLong bytes;
            try {
                bytes = "none".equals(size) ? OptionalLong.empty() : OptionalLong.of(new ByteSize().convert(size));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            TenantUsage usage;
            try {
                session.store().setQuota(name, bytes);
                usage = session.store().usage(name);
            } catch (FsException e) {
                throw CliException.at("tenant '" + name + "'", e);
            }
            out().println("tenant '" + name + "': "
                    + (bytes.isPresent() ? "quota " + bytes.getAsLong() + " bytes" : "no quota") + ", "
                    + usage.usedBytes() + " bytes stored");
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

    /**
     * {@code tarbox tenant grant NAME ROLE}: makes PostgreSQL role ROLE one that reaches tenant NAME
     * only, by any command or statement (row-level security keyed on the role itself). An admin
     * command: needs a database set up with {@code init --create-roles}, run as its admin role.
     */
    @Command(
            name = "grant",
            mixinStandardHelpOptions = true,
            description = {
                "Make database role ROLE reach tenant NAME only (PostgreSQL set up with 'init --create-roles';",
                "run as its admin role). ROLE is created (LOGIN, no password) if it does not exist."
            })
    static final class Grant extends TarboxCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The tenant.")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "The database role: 1 to 63 of a-z 0-9 _.")
        String role;

        @Override
        void run(Session session) {
            checkedName(name);
            try {
                sql(session).grantTenantRole(name, role);
            } catch (FsException e) {
                throw roleFailure(session, e);
            }
            out().println("role '" + role + "' reaches tenant '" + name + "' only");
        }
    }

    /** {@code tarbox tenant revoke NAME ROLE}: undoes {@code grant} (the role stays, reaching no tenant). */
    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Undo 'tenant grant': role ROLE no longer reaches tenant NAME (the role itself stays).")
    static final class Revoke extends TarboxCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The tenant.")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "The database role.")
        String role;

        @Override
        void run(Session session) {
            checkedName(name);
            boolean revoked;
            try {
                revoked = sql(session).revokeTenantRole(name, role);
            } catch (FsException e) {
                throw roleFailure(session, e);
            }
            if (!revoked) {
                throw new CliException(ExitCodes.NOT_FOUND, "role '" + role + "' does not reach tenant '" + name + "'");
            }
            out().println("role '" + role + "' no longer reaches tenant '" + name + "'");
        }
    }

    private static io.tarbox.storage.sql.SqlStore sql(Session session) {
        return session.database("'tenant grant' and 'tenant revoke'");
    }

    /** An invalid role name is a usage error; an unknown tenant "not found"; the rest as they are. */
    private static RuntimeException roleFailure(Session session, FsException e) {
        if (e.error() == io.tarbox.core.fs.FsError.INVALID) {
            return new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
        return session.unknownTenant(e);
    }
}
