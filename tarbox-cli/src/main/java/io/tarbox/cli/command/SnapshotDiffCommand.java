package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.TreeDiff;
import io.tarbox.core.layer.TreeDiff.Change;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tarbox snapshot diff A B}: what changed from snapshot A to snapshot B, either of which may be
 * {@code current}, the live tree. See {@link TreeDiff} for what counts as a change.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Show what changed from snapshot A to snapshot B ('current': the live tree).",
            "One line per change: A PATH (SIZE) added, D PATH (SIZE) deleted, M PATH (OLD -> NEW) modified,",
            "R OLD -> NEW renamed. Directories end in '/'."
        })
final class SnapshotDiffCommand extends TarboxCommand {
    /** The word for the live tree in place of a snapshot name. */
    static final String CURRENT = "current";

    @Parameters(index = "0", paramLabel = "A", description = "The older state: a snapshot, a tag or 'current'.")
    String from;

    @Parameters(index = "1", paramLabel = "B", description = "The newer state: a snapshot, a tag or 'current'.")
    String to;

    @Option(
            names = "--patch",
            description = "After each added, deleted or modified file, its unified diff (text files).")
    boolean patch;

    @Option(names = "--json", description = "Print a JSON array of {change, path, oldPath, type, oldSize, newSize}.")
    boolean json;

    @Override
    void run(Session session) throws Exception {
        List<FilesystemInterface> opened = new ArrayList<>();
        try {
            FilesystemInterface oldFs = open(session, from, opened);
            FilesystemInterface newFs = open(session, to, opened);
            List<Change> changes = TreeDiff.compare(oldFs, oldFs.rootIno(), newFs, newFs.rootIno());
            if (json) {
                Json.print(out(), json(changes));
                return;
            }
            for (Change change : changes) {
                out().println(line(change));
                if (patch && change.kind() != TreeDiff.Kind.RENAMED && regular(change)) {
                    String oldPath = change.oldPath() == null ? change.path() : change.oldPath();
                    UnifiedPatch.print(
                            out(),
                            new UnifiedPatch.Side(from + ":" + oldPath, oldFs, change.before()),
                            new UnifiedPatch.Side(to + ":" + change.path(), newFs, change.after()));
                }
            }
        } finally {
            for (FilesystemInterface fs : opened) {
                fs.close();
            }
        }
    }

    /** The live tree for {@code current}, else a read-only view of the snapshot (closed by the caller). */
    private static FilesystemInterface open(Session session, String name, List<FilesystemInterface> opened) {
        if (name.equals(CURRENT)) {
            return session.tree().fs();
        }
        SnapshotCommand.existing(session.layers(), name);
        try {
            FilesystemInterface view = session.store().openSnapshot(session.tenant(), name);
            opened.add(view);
            return view;
        } catch (FsException e) {
            throw SnapshotCommand.failure(name, e);
        }
    }

    /** Whether both sides that exist are regular files (what a patch is printed for). */
    private static boolean regular(Change change) {
        return (change.before() == null || change.before().isRegular())
                && (change.after() == null || change.after().isRegular());
    }

    private static String line(Change change) {
        return switch (change.kind()) {
            case ADDED -> "A " + shown(change.path(), change.after()) + size(change.after());
            case DELETED -> "D " + shown(change.path(), change.before()) + size(change.before());
            case MODIFIED ->
                "M " + shown(change.path(), change.after())
                        + (change.after().isDirectory()
                                ? ""
                                : " (" + change.before().size() + " -> "
                                        + change.after().size() + ")");
            case RENAMED ->
                "R " + shown(change.oldPath(), change.before()) + " -> " + shown(change.path(), change.after());
        };
    }

    /** A directory's path ends in '/'; control characters are escaped. */
    private static String shown(String path, FileAttributes attributes) {
        return Format.oneLine(attributes.isDirectory() ? path + "/" : path);
    }

    private static String size(FileAttributes attributes) {
        return attributes.isDirectory() ? "" : " (" + attributes.size() + ")";
    }

    private static List<Map<String, Object>> json(List<Change> changes) {
        List<Map<String, Object>> array = new ArrayList<>();
        for (Change change : changes) {
            FileAttributes any = change.after() != null ? change.after() : change.before();
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("change", change.kind().name().toLowerCase(java.util.Locale.ROOT));
            object.put("path", change.path());
            object.put("oldPath", change.oldPath());
            object.put("type", Format.typeName(any.type()));
            object.put(
                    "oldSize", change.before() == null ? null : change.before().size());
            object.put("newSize", change.after() == null ? null : change.after().size());
            array.add(object);
        }
        return array;
    }
}
