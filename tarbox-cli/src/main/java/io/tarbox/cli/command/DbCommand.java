package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.storage.sql.SqlStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tarbox db status}: which database this configuration uses, and its schema. */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = "Show the database's backend, location and schema version.",
        subcommands = {DbCommand.Status.class})
public final class DbCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: status");
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Print the backend (sqlite or postgresql), the location (never a password), the schema"
                    + " version and the number of tenants. Opening creates or migrates the schema; a database from"
                    + " a newer Tarbox is refused (exit code 5).")
    static final class Status extends TarboxCommand {
        @Option(names = "--json", description = "Print a JSON object {backend, location, schemaVersion, supportedSchemaVersion, tenants}.")
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
            if (json) {
                Json.print(out(), status);
                return;
            }
            for (Map.Entry<String, Object> e : status.entrySet()) {
                out().println(label(e.getKey()) + ": " + e.getValue());
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
}
