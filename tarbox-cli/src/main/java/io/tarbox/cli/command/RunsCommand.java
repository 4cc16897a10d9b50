package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.core.audit.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tarbox runs}: one line per recorded {@code tarbox run} of the tenant, oldest first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the tenant's runs: id, module, start, duration, exit code, files changed.")
public final class RunsCommand extends TarboxCommand {
    @Option(names = "--json", description = "Print a JSON array of {id, module, moduleHash, start, durationMs, exitCode, filesChanged}.")
    boolean json;

    @Override
    void run(Session session) throws Exception {
        List<RunRecord> runs = AuditCommand.store(session).runs(session.tenant());
        if (json) {
            List<Map<String, Object>> array = new ArrayList<>();
            for (RunRecord r : runs) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("id", r.id());
                object.put("module", r.module());
                object.put("moduleHash", r.moduleHash());
                object.put("start", Format.isoTime(r.startNanos()));
                object.put("durationMs", r.durationMillis() < 0 ? null : r.durationMillis());
                object.put("exitCode", r.exitCode());
                object.put("filesChanged", r.filesChanged());
                array.add(object);
            }
            Json.print(out(), array);
            return;
        }
        for (RunRecord r : runs) {
            out().println(r.id() + "  " + r.module() + "  " + Format.isoTime(r.startNanos()) + "  "
                    + (r.durationMillis() < 0 ? "-" : r.durationMillis() + " ms") + "  exit "
                    + (r.exitCode() == null ? "-" : r.exitCode()) + "  " + r.filesChanged() + " files changed");
        }
    }
}
