package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tarbox ls}: a directory's entries, or one file. */
@Command(
        name = "ls",
        mixinStandardHelpOptions = true,
        description = "List a directory (or show one file) of the tenant's tree.")
public final class LsCommand extends TarboxCommand {
    @Option(names = "-l", description = "Long format: mode, links, size, modification time, name.")
    boolean longFormat;

    @Option(names = "-a", description = "Also show names starting with '.', and '.' and '..'.")
    boolean all;

    @Option(names = "--json", description = "Print a JSON array of entries with all attributes.")
    boolean json;

    @Parameters(
            paramLabel = "PATH",
            arity = "0..1",
            defaultValue = "/",
            description = "Directory or file (default: /).")
    String path;

    /** One line of the listing. */
    private record Row(String name, FileAttributes attributes, String target) {}

    @Override
    void run(Session session) throws Exception {
        Tree tree = session.tree();
        FilesystemInterface fs = tree.fs();
        // Like ls(1): a symlink to a directory is listed through, except in long format.
        FileAttributes named = tree.existing(path, !longFormat && !json);
        List<Row> rows = new ArrayList<>();
        boolean details = longFormat || json;
        if (named.isDirectory()) {
            if (all) {
                rows.add(new Row(".", named, null));
                rows.add(new Row("..", Tree.at(path, () -> fs.getattr(fs.parent(named.ino()))), null));
            }
            List<DirEntry> entries = Tree.at(path, () -> tree.list(named.ino()));
            entries.sort(Comparator.comparing(DirEntry::name));
            for (DirEntry entry : entries) {
                if (!all && entry.name().startsWith(".")) {
                    continue;
                }
                String entryPath = Tree.join(path, entry.name());
                if (details) {
                    FileAttributes attributes = Tree.at(entryPath, () -> fs.getattr(entry.ino()));
                    String target = attributes.isSymlink() ? Tree.at(entryPath, () -> fs.readlink(entry.ino())) : null;
                    rows.add(new Row(entry.name(), attributes, target));
                } else {
                    rows.add(new Row(entry.name(), null, null));
                }
            }
        } else {
            String target = named.isSymlink() ? Tree.at(path, () -> fs.readlink(named.ino())) : null;
            rows.add(new Row(path, named, target));
        }
        if (json) {
            List<Map<String, Object>> array = new ArrayList<>();
            for (Row row : rows) {
                array.add(Format.json(row.name(), null, row.attributes(), row.target()));
            }
            Json.print(out(), array);
        } else if (longFormat) {
            printLong(rows);
        } else {
            for (Row row : rows) {
                out().println(Format.oneLine(row.name()));
            }
        }
    }

    private void printLong(List<Row> rows) {
        int linksWidth = 1;
        int sizeWidth = 1;
        for (Row row : rows) {
            linksWidth =
                    Math.max(linksWidth, Long.toString(row.attributes().nlink()).length());
            sizeWidth =
                    Math.max(sizeWidth, Long.toString(row.attributes().size()).length());
        }
        String pattern = "%s %" + linksWidth + "d %" + sizeWidth + "d %s %s%s%n";
        for (Row row : rows) {
            FileAttributes a = row.attributes();
            out().printf(
                            pattern,
                            Format.modeString(a),
                            a.nlink(),
                            a.size(),
                            Format.listingTime(a.mtimeNs()),
                            Format.oneLine(row.name()),
                            row.target() != null ? " -> " + Format.oneLine(row.target()) : "");
        }
    }
}
