package io.tarbox.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the subcommand name ({@code tarbox --db x ls} and
 * {@code tarbox ls --db x}). Mixed into {@link Main} with {@link ScopeType#INHERIT}, so picocli copies
 * them to every subcommand and stores their values here, in the root command's instance.
 */
public final class GlobalOptions {
    @Option(
            names = "--db",
            paramLabel = "FILE|URL",
            scope = ScopeType.INHERIT,
            description = "Database: a SQLite file, a postgresql:// or jdbc:postgresql: URL, or a Tarbox server's"
                    + " http(s)://HOST:PORT (remote mode; the token in env TARBOX_API_KEY) (env TARBOX_DB).")
    String db;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "File whose first line is the token for a Tarbox server (--db http(s)://...)"
                    + " (env TARBOX_TOKEN_FILE; else env TARBOX_API_KEY holds the token itself).")
    Path tokenFile;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "File whose first line is the PostgreSQL password, when the URL has none"
                    + " (env TARBOX_DB_PASSWORD_FILE; else env PGPASSWORD).")
    Path dbPasswordFile;

    @Option(
            names = "--tenant",
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "Tenant whose tree to use (env TARBOX_TENANT, default 'default'; on a Tarbox server"
                    + " the token's tenant).")
    String tenant;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Print stack traces of errors (env TARBOX_DEBUG=1).")
    boolean debug;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Configuration file (env TARBOX_CONFIG; default $XDG_CONFIG_HOME/tarbox/config.properties).")
    Path config;
}
