package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.path.PathResolver.Resolved;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tarbox mkdir}: creates directories. */
@Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Create directories (mode 0755).")
public final class MkdirCommand extends TarboxCommand {
    static final int MODE = 0755;

    @Option(
            names = {"-p", "--parents"},
            description = "Create missing parents; an existing directory is no error.")
    boolean parents;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Directories to create.")
    List<String> paths;

    @Override
    String auditOperation() {
        return "mkdir";
    }

    @Override
    java.util.List<String> auditPaths() {
        return paths;
    }

    @Override
    void run(Session session) {
        Tree tree = session.tree();
        if (parents) {
            for (String path : paths) {
                tree.mkdirs(path);
            }
            return;
        }
        // Check all before creating any, so a failure leaves the tree as it was.
        List<Resolved> targets = new ArrayList<>();
        for (String path : paths) {
            targets.add(tree.absent(path));
        }
        for (int i = 0; i < paths.size(); i++) {
            Resolved target = targets.get(i);
            Tree.at(paths.get(i), () -> tree.fs().mkdir(target.dir(), target.name(), MODE));
        }
    }
}
