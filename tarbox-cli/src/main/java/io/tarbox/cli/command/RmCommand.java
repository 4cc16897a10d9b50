package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.path.PathResolver.Resolved;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tarbox rm}: removes files, symlinks and (with -r) directories. */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        description = "Remove files and symbolic links; with -r, directories and their contents.")
public final class RmCommand extends TarboxCommand {
    @Option(
            names = {"-r", "-R", "--recursive"},
            description = "Remove directories and everything under them.")
    boolean recursive;

    @Option(
            names = {"-f", "--force"},
            description = "Ignore paths that do not exist.")
    boolean force;

    @Parameters(
            paramLabel = "PATH",
            arity = "1..*",
            description = "Paths to remove (symbolic links themselves, not their targets).")
    List<String> paths;

    @Override
    String auditOperation() {
        return "rm";
    }

    @Override
    java.util.List<String> auditPaths() {
        return paths;
    }

    @Override
    void run(Session session) {
        Tree tree = session.tree();
        // Check all before removing any, so a failure leaves the tree as it was.
        List<String> names = new ArrayList<>();
        List<Resolved> targets = new ArrayList<>();
        for (String path : paths) {
            Resolved target = tree.resolve(path, false);
            if (target.name() == null) {
                throw Tree.refused(path, "refusing to remove '.', '..' or the root directory");
            }
            if (!target.exists()) {
                if (force) {
                    continue;
                }
                throw Tree.notFound(path);
            }
            if (target.attributes().isDirectory() && !recursive) {
                throw Tree.error(path, FsError.IS_DIRECTORY);
            }
            names.add(path);
            targets.add(target);
        }
        for (int i = 0; i < targets.size(); i++) {
            Resolved target = targets.get(i);
            Tree.at(names.get(i), () -> tree.removeRecursively(target.dir(), target.name()));
        }
    }
}
