package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.ApiToken;
import io.tarbox.server.TokenSecrets;
import io.tarbox.storage.sql.SqlStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tarbox token create|list|revoke}: the API tokens of {@code tarbox serve}. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description =
                "Create, list and revoke the API tokens of 'tarbox serve' (each bound to one tenant and a scope).",
        subcommands = {TokenCommand.Create.class, TokenCommand.List.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or revoke");
    }

    private static final Pattern EXPIRY = Pattern.compile("(\\d+)([smhdw])");

    /** Nanoseconds of an expiry such as {@code 30d}, {@code 12h}, {@code 2w}. */
    static long expiryNanos(String value) {
        Matcher m = EXPIRY.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliException(
                    ExitCodes.USAGE, "invalid --expires '" + value + "' (e.g. 3600s, 90m, 12h, 30d, 2w)");
        }
        long seconds = switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            default -> 604_800;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n <= 0) {
                throw new CliException(ExitCodes.USAGE, "--expires must be more than zero");
            }
            return Math.multiplyExact(Math.multiplyExact(n, seconds), 1_000_000_000L);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "--expires '" + value + "' is too long");
        }
    }

    static SqlStore store(Session session) {
        return session.database("'token'");
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a token for the tenant (--tenant). Prints the secret once, on the last line.")
    static final class Create extends TarboxCommand {
        @Option(
                names = "--scope",
                required = true,
                paramLabel = "read|write|admin",
                description =
                        "read: read files and history; write: also change them and take snapshots; admin: also manage tenants.")
        String scope;

        @Option(names = "--name", paramLabel = "NAME", description = "Unique name (default: TENANT-SCOPE-RANDOM).")
        String name;

        @Option(
                names = "--expires",
                paramLabel = "DURATION",
                description = "Expire after this long: 3600s, 90m, 12h, 30d, 2w (default: never).")
        String expires;

        @Override
        String auditOperation() {
            return "token create";
        }

        @Override
        java.util.List<String> auditPaths() {
            return java.util.List.of(name == null ? "-" : name);
        }

        @Override
        void run(Session session) {
            ApiToken.Scope parsed = ApiToken.Scope.parse(scope);
            if (parsed == null) {
                throw new CliException(ExitCodes.USAGE, "invalid --scope '" + scope + "' (read, write or admin)");
            }
            Long expiresAt = expires == null ? null : now() + expiryNanos(expires);
            if (name == null) {
                name = session.tenant() + "-" + parsed.label() + "-"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
            }
            String secret = TokenSecrets.generate();
            ApiToken token;
            try {
                token = store(session)
                        .createToken(name, session.tenant(), parsed, expiresAt, TokenSecrets.hash(secret));
            } catch (FsException e) {
                if (e.error() == io.tarbox.core.fs.FsError.NOT_FOUND) {
                    throw session.unknownTenant(e);
                }
                throw CliException.at("token '" + name + "'", e);
            }
            out().println("created token '" + token.name() + "' for tenant '" + token.tenant() + "' (scope "
                    + token.scope().label()
                    + (expiresAt == null ? ", never expires" : ", expires " + Format.isoTime(expiresAt))
                    + "); the secret is shown only now:");
            out().println(secret);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the tokens (never their secrets): NAME TENANT SCOPE CREATED EXPIRES LAST-USED STATE.")
    static final class List extends TarboxCommand {
        @Option(
                names = "--json",
                description = "Print a JSON array of {name, tenant, scope, created, expires, lastUsed, state}.")
        boolean json;

        @Override
        void run(Session session) throws Exception {
            long now = now();
            java.util.List<ApiToken> tokens = store(session).listTokens();
            if (json) {
                java.util.List<Map<String, Object>> array = new ArrayList<>();
                for (ApiToken t : tokens) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("name", t.name());
                    o.put("tenant", t.tenant());
                    o.put("scope", t.scope().label());
                    o.put("created", Format.isoTime(t.createdNanos()));
                    o.put("expires", t.expiresNanos() == null ? null : Format.isoTime(t.expiresNanos()));
                    o.put("lastUsed", t.lastUsedNanos() == null ? null : Format.isoTime(t.lastUsedNanos()));
                    o.put("state", state(t, now));
                    array.add(o);
                }
                Json.print(out(), array);
                return;
            }
            for (ApiToken t : tokens) {
                out().println(Format.oneLine(t.name()) + "  " + Format.oneLine(t.tenant()) + "  "
                        + t.scope().label() + "  "
                        + Format.isoTime(t.createdNanos()) + "  "
                        + (t.expiresNanos() == null ? "never" : Format.isoTime(t.expiresNanos())) + "  "
                        + (t.lastUsedNanos() == null ? "never" : Format.isoTime(t.lastUsedNanos())) + "  "
                        + state(t, now));
            }
        }

        private static String state(ApiToken t, long now) {
            return t.revokedNanos() != null ? "revoked" : t.validAt(now) ? "valid" : "expired";
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token: a server refuses it from its next request on.")
    static final class Revoke extends TarboxCommand {
        @Parameters(paramLabel = "NAME", description = "The token's name (see 'tarbox token list').")
        String name;

        @Override
        String auditOperation() {
            return "token revoke";
        }

        @Override
        java.util.List<String> auditPaths() {
            return java.util.List.of(name);
        }

        @Override
        void run(Session session) {
            try {
                store(session).revokeToken(name);
            } catch (FsException e) {
                throw CliException.at("token '" + name + "'", e);
            }
            out().println("revoked token '" + name + "'");
        }
    }
}
