package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.audit.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tarbox runs}: one line per recorded {@code tarbox run} of the tenant, oldest first. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "List the tenant's runs: id, module, start, duration, how it ended, files changed.",
            "How it ended: 'exit N'; 'signal SIGTERM' (stopped by a signal); 'running'; 'killed' (its process died",
            "without recording an end: SIGKILL, a crash); 'unknown' (no end recorded, and its process is on another host)."
        })
public final class RunsCommand extends TarboxCommand {
    @Option(
            names = "--json",
            description = "Print a JSON array of {id, module, moduleHash, start, durationMs, status "
                    + "(exited, signal, running, killed, unknown), exitCode, signal, audited, filesChanged}.")
    boolean json;

    @Override
    void run(Session session) throws Exception {
        List<RunRecord> runs = session.trail().runs(session.tenant());
        if (json) {
            List<Map<String, Object>> array = new ArrayList<>();
            for (RunRecord r : runs) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("id", r.id());
                object.put("module", r.module());
                object.put("moduleHash", r.moduleHash());
                object.put("start", Format.isoTime(r.startNanos()));
                object.put("durationMs", r.durationMillis() < 0 ? null : r.durationMillis());
                object.put(
                        "status",
                        r.status() == RunStatus.SIGNALLED
                                ? "signal"
                                : r.status().name().toLowerCase(Locale.ROOT));
                object.put("exitCode", r.exitCode());
                object.put("signal", r.signal());
                object.put("audited", r.audited());
                object.put("filesChanged", r.filesChanged());
                array.add(object);
            }
            Json.print(out(), array);
            return;
        }
        for (RunRecord r : runs) {
            out().println(Format.oneLine(r.id()) + "  " + Format.oneLine(r.module()) + "  "
                    + Format.isoTime(r.startNanos())
                    + "  " + (r.durationMillis() < 0 ? "-" : r.durationMillis() + " ms") + "  " + end(r) + "  "
                    + (r.audited() ? r.filesChanged() + " files changed" : "not audited"));
        }
    }

    /** How the run ended, or stands: "exit 0", "signal SIGTERM", "running", "killed", "unknown". */
    static String end(RunRecord r) {
        return switch (r.status()) {
            case EXITED -> "exit " + (r.exitCode() == null ? "-" : r.exitCode());
            case SIGNALLED -> "signal " + (r.signal() == null ? "(unknown)" : r.signal());
            case RUNNING -> "running";
            case KILLED -> "killed";
            case UNKNOWN -> "unknown";
        };
    }
}
