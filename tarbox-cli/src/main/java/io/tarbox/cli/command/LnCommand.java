package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.path.PathResolver.Resolved;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tarbox ln}: hard and symbolic links. */
@Command(
        name = "ln",
        mixinStandardHelpOptions = true,
        description = "Create a hard link, or with -s a symbolic link, named LINK.")
public final class LnCommand extends TarboxCommand {
    @Option(
            names = {"-s", "--symbolic"},
            description = "Make a symbolic link holding TARGET verbatim.")
    boolean symbolic;

    @Parameters(index = "0", paramLabel = "TARGET", description = "What the link points to.")
    String target;

    @Parameters(index = "1", paramLabel = "LINK", description = "The new name; it must not exist.")
    String link;

    @Override
    String auditOperation() {
        return "ln";
    }

    @Override
    java.util.List<String> auditPaths() {
        return java.util.List.of(link);
    }

    @Override
    void run(Session session) {
        Tree tree = session.tree();
        Resolved where = tree.absent(link);
        if (symbolic) {
            Tree.at(link, () -> tree.fs().symlink(where.dir(), where.name(), target));
            return;
        }
        FileAttributes existing = tree.existing(target, false);
        Tree.at(link, () -> tree.fs().link(existing.ino(), where.dir(), where.name()));
    }
}
