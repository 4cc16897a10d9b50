package io.tarbox.cli;

import io.tarbox.core.model.Tenant;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings a command runs with, resolved in this order: flags, then {@code TARBOX_*} environment
 * variables, then the configuration file (keys {@code db}, {@code tenant}, {@code db-password-file},
 * {@code control}), then defaults. This is the only place that knows the order.
 *
 * @param db the database: a file path or a PostgreSQL URL
 * @param dbIsDefault whether {@code db} is the default file in the user's data directory (whose
 *     directory is created on first use)
 * @param dbPassword the PostgreSQL password to use when the URL has none: the first line of
 *     {@code --db-password-file} / {@code TARBOX_DB_PASSWORD_FILE} / the file's {@code db-password-file},
 *     else {@code PGPASSWORD}; null when none is given (never printed)
 * @param tenant the tenant's name
 * @param debug whether errors print their stack trace
 * @param control whether a run with a {@code --dir} gets the control files at {@code /.tarbox} when
 *     it says neither {@code --control} nor {@code --no-control}: {@code TARBOX_CONTROL}, else the
 *     file's {@code control} ({@code true}/{@code false}, {@code 1}/{@code 0}), else false
 */
public record Configuration(
        String db,
        boolean dbIsDefault,
        String dbPassword,
        String tenant,
        boolean tenantIsDefault,
        String apiToken,
        boolean debug,
        boolean control) {

    /** Resolves the settings from the global flags and the process environment. */
    public static Configuration resolve(GlobalOptions flags, Map<String, String> env) {
        boolean debug = flags.debug || debugFromEnv(env);
        boolean named = flags.config != null || env.get("TARBOX_CONFIG") != null;
        Properties file = readConfigFile(flags.config != null ? flags.config : configFile(env), named);
        String tenant = first(flags.tenant, env.get("TARBOX_TENANT"), file.getProperty("tenant"));
        String db = first(flags.db, env.get("TARBOX_DB"), file.getProperty("db"));
        boolean dbIsDefault = db == null;
        if (dbIsDefault) {
            db = defaultDatabase(env).toString();
        }
        String passwordFile = first(
                flags.dbPasswordFile == null ? null : flags.dbPasswordFile.toString(),
                env.get("TARBOX_DB_PASSWORD_FILE"),
                file.getProperty("db-password-file"));
        String password = passwordFile != null ? readPassword(Path.of(passwordFile)) : env.get("PGPASSWORD");
        boolean control = onOff("TARBOX_CONTROL", env.get("TARBOX_CONTROL"))
                .orElse(onOff("the configuration file's 'control'", file.getProperty("control"))
                        .orElse(false));
        String tokenFile = first(
                flags.tokenFile == null ? null : flags.tokenFile.toString(),
                env.get("TARBOX_TOKEN_FILE"),
                file.getProperty("token-file"));
        String apiToken = tokenFile != null ? readSecret(Path.of(tokenFile), "token file") : env.get("TARBOX_API_KEY");
        return new Configuration(
                db,
                dbIsDefault,
                password,
                tenant != null ? tenant : Tenant.DEFAULT,
                tenant == null,
                apiToken,
                debug,
                control);
    }

    /** Whether a run gets the control files: its {@code --control}/{@code --no-control} if given, else {@link #control}. */
    public boolean control(Boolean runFlag) {
        return runFlag != null ? runFlag : control;
    }

    /** A switch's value; empty when not set. */
    private static Optional<Boolean> onOff(String where, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1":
                return Optional.of(true);
            case "false", "0":
                return Optional.of(false);
            default:
                throw new CliException(ExitCodes.USAGE, where + ": expected true or false, got '" + value.trim() + "'");
        }
    }

    /** The first line of a password file (as psql's files: the rest, and the line end, are ignored). */
    private static String readPassword(Path file) {
        return readSecret(file, "database password file");
    }

    /** The first line of a file holding a secret; {@code what} names the file in errors. */
    private static String readSecret(Path file, String what) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("");
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, what + " " + file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliException(ExitCodes.STORAGE, what + " " + file + " cannot be read");
        }
    }

    @Override
    public String toString() {
        // the record's own toString would print the password and the token
        return "Configuration[db=" + Database.shown(db) + ", tenant=" + tenant + ", debug=" + debug + ", control="
                + control + "]";
    }

    /** {@code TARBOX_DEBUG=1}: also consulted when an error happens before the options are parsed. */
    public static boolean debugFromEnv(Map<String, String> env) {
        return "1".equals(env.get("TARBOX_DEBUG")) || "true".equals(env.get("TARBOX_DEBUG"));
    }

    /** {@code $XDG_DATA_HOME/tarbox/tarbox.db}, or {@code ~/.local/share/tarbox/tarbox.db}. */
    static Path defaultDatabase(Map<String, String> env) {
        return baseDir(env, "XDG_DATA_HOME", ".local/share").resolve("tarbox").resolve("tarbox.db");
    }

    /** Compiled-module cache: {@code $XDG_CACHE_HOME/tarbox/modules}, or {@code ~/.cache/tarbox/modules}. */
    public static Path moduleCache(Map<String, String> env) {
        return baseDir(env, "XDG_CACHE_HOME", ".cache").resolve("tarbox").resolve("modules");
    }

    /** {@code $TARBOX_CONFIG}, else {@code $XDG_CONFIG_HOME/tarbox/config.properties}, else under ~/.config. */
    static Path configFile(Map<String, String> env) {
        String explicit = env.get("TARBOX_CONFIG");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        return baseDir(env, "XDG_CONFIG_HOME", ".config").resolve("tarbox").resolve("config.properties");
    }

    private static Path baseDir(Map<String, String> env, String xdgVariable, String underHome) {
        String xdg = env.get(xdgVariable);
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg);
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"))
                .resolve(underHome);
    }

    /** Reads the file; a missing file is empty unless the user named it. */
    private static Properties readConfigFile(Path path, boolean named) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (named) {
                throw new CliException(ExitCodes.NOT_FOUND, "configuration file " + path + ": no such file");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "configuration file " + path + ": " + e.getMessage(), e);
        }
        return properties;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
