package io.tarbox.cli.command;

import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsException;
import io.tarbox.storage.sql.SqlFsck;
import io.tarbox.storage.sql.SqlStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tarbox fsck}: checks that a tenant's committed tree is consistent (the database's rows, as
 * {@link SqlFsck} reads them), and with {@code --repair} fixes what can be fixed without guessing.
 * Exit 0 when consistent (after a repair, if asked), {@link ExitCodes#INCONSISTENT} when problems
 * remain.
 */
@Command(
        name = "fsck",
        mixinStandardHelpOptions = true,
        description = {
            "Check that the tenant's tree is consistent: entries, link counts, data chunks.",
            "One summary line per tenant when clean; one line per problem when not (exit 14).",
            "--repair fixes link counts and removes entries naming missing inodes, in the writable top layer,",
            "when no tree of the tenant is open; lost or corrupt data is reported, never invented."
        })
public final class FsckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Check every tenant (instead of --tenant's).")
    boolean all;

    @Option(
            names = "--json",
            description = "Print JSON: {tenants: [{tenant, inodes, orphans, problems: [{kind, message}], repaired}]}.")
    boolean json;

    @Option(names = "--repair", description = "Fix what can be fixed without guessing, and say what was done.")
    boolean repair;

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        try (Session session = main.openSession()) {
            SqlStore store = session.database("fsck");
            List<String> tenants = new ArrayList<>();
            if (all) {
                store.listTenants().forEach(t -> tenants.add(t.name()));
            } else {
                tenants.add(session.tenant());
            }
            List<Object> reports = new ArrayList<>();
            boolean consistent = true;
            for (String tenant : tenants) {
                SqlFsck.Report report;
                try {
                    report = repair ? store.fsckRepair(tenant) : store.fsck(tenant);
                } catch (FsException e) {
                    throw session.unknownTenant(e);
                }
                consistent &= report.consistent();
                if (json) {
                    reports.add(json(tenant, report));
                } else {
                    print(main, tenant, report);
                }
            }
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("consistent", consistent);
                object.put("tenants", reports);
                Json.print(main.out(), object);
            }
            main.out().flush();
            return consistent ? ExitCodes.OK : ExitCodes.INCONSISTENT;
        }
    }

    private static void print(Main main, String tenant, SqlFsck.Report report) {
        String who = Format.oneLine(tenant);
        for (String done : report.repaired()) {
            main.out().println(who + ": repaired: " + Format.oneLine(done));
        }
        for (SqlFsck.Problem problem : report.details()) {
            main.out()
                    .println(who + ": "
                            + problem.kind()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', '-') + ": " + Format.oneLine(problem.message()));
        }
        main.out()
                .println(who + ": "
                        + (report.consistent()
                                ? "clean"
                                : report.problems().size() + " problem"
                                        + (report.problems().size() == 1 ? "" : "s"))
                        + ", " + report.inodes() + " inodes, " + report.orphans()
                        + " orphan" + (report.orphans() == 1 ? "" : "s") + " waiting to be freed");
    }

    private static Map<String, Object> json(String tenant, SqlFsck.Report report) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("tenant", tenant);
        object.put("consistent", report.consistent());
        object.put("inodes", report.inodes());
        object.put("orphans", report.orphans());
        List<Object> problems = new ArrayList<>();
        for (SqlFsck.Problem p : report.details()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put(
                    "kind", p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            problem.put("message", p.message());
            if (p.ino() != 0) {
                problem.put("ino", p.ino());
            }
            problems.add(problem);
        }
        object.put("problems", problems);
        object.put("repaired", report.repaired());
        return object;
    }
}
