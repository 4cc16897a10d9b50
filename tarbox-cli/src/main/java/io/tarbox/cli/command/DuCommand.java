package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.model.TenantUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tarbox du}: how much file content a subtree holds. Sizes are logical (the bytes of the
 * files, each hard-linked file once). For the whole tree it also shows what the database stores for
 * the tenant: data shared between files and snapshots counted once.
 */
@Command(
        name = "du",
        description = {
            "Show the logical size of a subtree (file content, not the space the database uses).",
            "The size is the bytes of the regular files (each hard-linked file counted once), per",
            "directory. The database deduplicates identical content, so it may use less: for '/',",
            "a last line shows what it stores for the tenant (snapshots included, shared data once)."
        })
public final class DuCommand extends TarboxCommand {
    @Option(
            names = {"-s", "--summarize"},
            description = "Only the total for PATH.")
    boolean summarize;

    @Option(
            names = {"-h", "--human-readable"},
            description = "Sizes like 1.5K, 23M, 2.0G (powers of 1024).")
    boolean human;

    @Option(names = "--json", description = "Print JSON: [{path, logicalBytes, files, directories}].")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(
            paramLabel = "PATH",
            arity = "0..1",
            defaultValue = "/",
            description = "Directory or file (default: /).")
    String path;

    /** Totals of one directory's subtree. */
    private record Usage(String path, long logicalBytes, long files, long directories) {}

    private final Set<Long> counted = new HashSet<>();
    private final List<Usage> rows = new ArrayList<>();

    @Override
    void run(Session session) throws Exception {
        Tree tree = session.tree();
        FileAttributes top = tree.existing(path, true);
        if (top.isDirectory()) {
            Tree.at(path, () -> measure(tree, top.ino(), path));
        } else {
            row(new Usage(path, top.isRegular() ? top.size() : 0, 1, 0));
        }
        if (json) {
            List<Map<String, Object>> array = new ArrayList<>();
            for (Usage usage : rows) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("path", usage.path());
                object.put("logicalBytes", usage.logicalBytes());
                object.put("files", usage.files());
                object.put("directories", usage.directories());
                array.add(object);
            }
            Json.print(out(), array);
            return;
        }
        for (Usage usage : rows) { // with -s, the total; otherwise each row was printed as it was measured
            out().println(size(usage.logicalBytes()) + "\t" + Format.oneLine(usage.path()));
        }
        TenantUsage stored = session.store().usage(session.tenant());
        if (top.ino() == tree.fs().rootIno()) {
            out().println(size(stored.usedBytes()) + "\tstored by tenant '" + session.tenant()
                    + "' (snapshots included, shared data counted once)");
        }
        if (stored.quotaBytes().isPresent()) {
            long quota = stored.quotaBytes().getAsLong();
            out().println("quota: " + size(stored.usedBytes()) + " of " + size(quota) + " stored by tenant '"
                    + session.tenant() + "' (" + (quota == 0 ? 100 : stored.usedBytes() * 100 / quota) + "%)");
        }
    }

    private String size(long bytes) {
        return human ? Format.humanSize(bytes) : Long.toString(bytes);
    }

    /** A directory being measured: its entries, how far the walk got, and its totals so far. */
    private static final class Measuring {
        final String path;
        final List<DirEntry> entries;
        int next;
        long bytes;
        long files;
        long directories;

        Measuring(String path, List<DirEntry> entries) {
            this.path = path;
            this.entries = entries;
        }
    }

    /**
     * Adds a row for each directory under {@code dir} after its subdirectories' rows (as du(1)
     * prints), {@code dir}'s own last. Depth first with a stack of its own: any depth, no recursion.
     */
    private void measure(Tree tree, long dir, String dirPath) {
        Deque<Measuring> stack = new ArrayDeque<>();
        stack.push(new Measuring(dirPath, tree.list(dir)));
        while (!stack.isEmpty()) {
            Measuring top = stack.peek();
            if (top.next == top.entries.size()) {
                stack.pop();
                Usage usage = new Usage(top.path, top.bytes, top.files, top.directories);
                row(usage);
                Measuring parent = stack.peek();
                if (parent != null) {
                    parent.bytes += usage.logicalBytes();
                    parent.files += usage.files();
                    parent.directories += usage.directories() + 1;
                }
                continue;
            }
            DirEntry entry = top.entries.get(top.next++);
            if (entry.type() == FileType.DIRECTORY) {
                stack.push(new Measuring(Tree.join(top.path, entry.name()), tree.list(entry.ino())));
            } else {
                top.files++;
                if (entry.type() == FileType.REGULAR && counted.add(entry.ino())) {
                    top.bytes += tree.fs().getattr(entry.ino()).size();
                }
            }
        }
    }

    /** Keeps a finished row: all of them for --json, only the last with -s, else printed at once. */
    private void row(Usage usage) {
        if (json || summarize) {
            if (summarize) {
                rows.clear();
            }
            rows.add(usage);
        } else {
            out().println(size(usage.logicalBytes()) + "\t" + Format.oneLine(usage.path()));
        }
    }
}
