package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.path.PathResolver.Resolved;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tarbox mv}: renames atomically, or moves into a directory. */
@Command(
        name = "mv",
        mixinStandardHelpOptions = true,
        description = {
            "Rename or move a file, symbolic link or directory (atomically).",
            "If DST is a directory, SRC moves inside it. An existing DST file is replaced; an existing",
            "empty directory is replaced by a directory; a non-empty one is an error."
        })
public final class MvCommand extends TarboxCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "Path to move.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "New path, or a directory to move into.")
    String destination;

    @Override
    String auditOperation() {
        return "mv";
    }

    @Override
    java.util.List<String> auditPaths() {
        return java.util.List.of(source + " -> " + destination);
    }

    @Override
    void run(Session session) {
        Tree tree = session.tree();
        Resolved from = tree.resolve(source, false);
        if (from.name() == null) {
            throw Tree.refused(source, "cannot move '.', '..' or the root directory");
        }
        if (!from.exists()) {
            throw Tree.notFound(source);
        }
        Resolved to = tree.resolve(destination, true);
        long toDir = to.dir();
        String toName = to.name();
        String shown = destination;
        if (to.exists()
                && to.attributes().isDirectory()
                && to.attributes().ino() != from.attributes().ino()) {
            toDir = to.attributes().ino();
            toName = from.name();
            shown = Tree.join(destination, from.name());
        } else if (toName == null) {
            throw Tree.refused(destination, "invalid destination");
        }
        long dir = toDir;
        String name = toName;
        Tree.at(shown, () -> tree.fs().rename(from.dir(), from.name(), dir, name));
    }
}
