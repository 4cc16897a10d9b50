package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.storage.sql.Settings;
import io.tarbox.storage.sql.SqlStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tarbox db status}: which database this configuration uses, and its schema. */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "Show the database's backend, location, schema version and settings; change a setting.",
        subcommands = {DbCommand.Status.class, DbCommand.Set.class})
public final class DbCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: status or set");
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Print the backend (sqlite or postgresql), the location (never a password), the schema"
                    + " version, the number of tenants and the settings. Opening creates or migrates the schema; a"
                    + " database from a newer Tarbox is refused (exit code 5).")
    static final class Status extends TarboxCommand {
        @Option(
                names = "--json",
                description = "Print a JSON object {backend, location, schemaVersion, supportedSchemaVersion,"
                        + " tenants, settings}.")
        boolean json;

        @Override
        void run(Session session) throws Exception {
            Map<String, Object> status = new LinkedHashMap<>();
            if (session.store() instanceof SqlStore sql) {
                status.put("backend", sql.backend());
                status.put("location", sql.location());
                status.put("schemaVersion", sql.schemaVersion());
                status.put("supportedSchemaVersion", SqlStore.supportedSchemaVersion());
            } else {
                status.put("location", session.store().location());
            }
            status.put("tenants", session.store().listTenants().size());
            Map<String, String> settings =
                    session.store() instanceof SqlStore sql ? sql.settings().shown() : Map.of();
            if (json) {
                status.put("settings", settings);
                Json.print(out(), status);
                return;
            }
            for (Map.Entry<String, Object> e : status.entrySet()) {
                out().println(label(e.getKey()) + ": " + e.getValue());
            }
            for (Map.Entry<String, String> e : settings.entrySet()) {
                out().println("setting " + e.getKey() + ": " + e.getValue());
            }
        }

        private static String label(String key) {
            return switch (key) {
                case "schemaVersion" -> "schema version";
                case "supportedSchemaVersion" -> "supported schema version";
                default -> key;
            };
        }
    }

    /**
     * {@code tarbox db set NAME VALUE}: an admin command. On PostgreSQL set up with
     * {@code init --create-roles} only the admin role may run it; on SQLite whoever may write the
     * file may (see docs/audit.md).
     */
    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Change a setting of the database:",
                "  require-audit on|off        on: every run is audited; 'run --no-audit' is refused (default off)",
                "  audit-prune-min-age AGE     'audit prune' keeps events younger than AGE unless --force",
                "                              (seconds, or 90s, 30m, 12h, 7d; default 1d)"
            })
    static final class Set extends TarboxCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "require-audit or audit-prune-min-age.")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE", description = "The new value.")
        String value;

        @Override
        void run(Session session) {
            SqlStore sql = session.database("'db set'");
            String stored = name.equals(Settings.AUDIT_PRUNE_MIN_AGE) ? seconds(value) : value;
            try {
                sql.setSetting(name, stored);
            } catch (FsException e) {
                throw e.error() == FsError.INVALID ? new CliException(ExitCodes.USAGE, e.getMessage(), e) : e;
            }
            out().println("setting " + name + ": " + sql.settings().shown().get(name));
        }

        /** "7d", "12h", "30m", "90s" or a number of seconds, as seconds; anything else as it is (refused). */
        private static String seconds(String age) {
            if (age.matches("\\d+[smhd]")) {
                long n = Long.parseLong(age.substring(0, age.length() - 1));
                long unit = switch (age.charAt(age.length() - 1)) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    default -> 86_400;
                };
                return Long.toString(n * unit);
            }
            return age;
        }
    }
}
