package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tarbox audit}: the tenant's recorded file operations; {@code audit prune} drops old ones. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        subcommands = AuditCommand.Prune.class,
        description = "List the recorded file operations of runs and commands, oldest first.")
public final class AuditCommand extends TarboxCommand {
    @Option(names = "--run", paramLabel = "ID", description = "Only this run's operations (see 'tarbox runs').")
    String run;

    @Option(
            names = "--path",
            paramLabel = "GLOB",
            description = "Only paths matching GLOB ('*' any characters, '?' one): "
                    + "the path named, or the object it led to through symlinks.")
    String path;

    @Option(names = "--op", paramLabel = "OP", description = "Only this operation (e.g. path_unlink_file, put).")
    String op;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description =
                    "Only operations at or after TIME: ISO-8601 (2026-11-22T03:00:00Z), a date, or an age (30m, 2h, 7d).")
    String since;

    @Option(names = "--failed", description = "Only operations that failed.")
    boolean failed;

    @Option(
            names = "--json",
            description = "Print a JSON array of {time, layer, run, module, op, path, resolved, bytes, errno}.")
    boolean json;

    @Override
    void run(Session session) throws Exception {
        Long sinceNanos = since == null ? null : parseTime(since, "--since");
        List<AuditEvent> events =
                session.trail().audit(session.tenant(), new AuditQuery(run, path, op, sinceNanos, failed, 0));
        if (json) {
            List<Map<String, Object>> array = new ArrayList<>();
            for (AuditEvent e : events) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("time", Format.isoTime(e.timeNanos()));
                object.put("layer", e.layer());
                object.put("run", e.runId());
                object.put("module", e.moduleHash());
                object.put("op", e.operation());
                object.put("path", e.path());
                object.put("resolved", e.resolvedPath());
                object.put("bytes", e.bytes());
                object.put("errno", e.errno());
                object.put("token", e.token());
                array.add(object);
            }
            Json.print(out(), array);
            return;
        }
        for (AuditEvent e : events) {
            out().println(line(e));
        }
    }

    /**
     * {@code TIME  RUN|cli  OP  PATH[ => OBJECT]  BYTES  ok|errno N}: one line, whatever the names
     * hold (see {@link Format#oneLine}).
     */
    static String line(AuditEvent e) {
        String path = e.path() == null ? "-" : e.path();
        if (e.resolvedPath() != null) {
            path += " => " + e.resolvedPath();
        }
        return Format.isoTime(e.timeNanos()) + "  "
                + (e.runId() != null
                        ? Format.oneLine(e.runId())
                        : e.token() != null ? "token:" + Format.oneLine(e.token()) : "cli")
                + "  "
                + Format.oneLine(e.operation()) + "  " + Format.oneLine(path) + "  " + e.bytes() + "  "
                + (e.errno() == 0 ? "ok" : "errno " + e.errno());
    }

    /** An ISO-8601 instant, a date (local midnight), or an age before now ("90s", "30m", "2h", "7d"). */
    static long parseTime(String text, String option) {
        try {
            Instant at;
            if (text.matches("\\d+[smhd]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                Duration age = switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                at = Instant.now().minus(age);
            } else if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                at = LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
            } else {
                at = Instant.parse(text);
            }
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new CliException(
                    ExitCodes.USAGE,
                    option + ": not a time: '" + text
                            + "' (ISO-8601 like 2026-11-22T03:00:00Z, a date like 2026-11-22, or an age like 30m, 2h, 7d)");
        }
    }

    /**
     * {@code tarbox audit prune --before TIME [--force]}: deletes older audit events (the only way
     * they go), and records that it did as an event of its own, which no prune removes.
     */
    @Command(
            name = "prune",
            mixinStandardHelpOptions = true,
            description = {
                "Delete the audit events recorded before TIME (and finished runs started before it).",
                "Events younger than the database's audit-prune-min-age (a day unless 'tarbox db set' changed it)",
                "are kept unless --force; a TIME in the future is refused. Every prune is itself recorded."
            })
    static final class Prune extends TarboxCommand {
        @Option(
                names = "--before",
                paramLabel = "TIME",
                required = true,
                description = "ISO-8601, a date, or an age (30d: everything older than 30 days).")
        String before;

        @Option(names = "--force", description = "Also delete events younger than the minimum age.")
        boolean force;

        @Override
        void run(Session session) {
            long beforeNanos = parseTime(before, "--before");
            Instant now = Instant.now();
            if (beforeNanos > now.getEpochSecond() * 1_000_000_000L + now.getNano()) {
                throw new CliException(ExitCodes.USAGE, "--before: " + before + " is in the future");
            }
            long removed;
            try {
                removed = session.database("'audit prune'").pruneAudit(session.tenant(), beforeNanos, force);
            } catch (FsException e) {
                throw e.error() == FsError.INVALID
                        ? new CliException(
                                ExitCodes.USAGE, e.getMessage().replace("force to override", "--force to override"), e)
                        : session.unknownTenant(e);
            }
            main().err()
                    .println("pruned " + removed + " audit event" + (removed == 1 ? "" : "s")
                            + " (the prune is recorded as an 'audit prune' event)");
        }
    }
}
