package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tarbox stat}: every attribute of one path. */
@Command(
        name = "stat",
        mixinStandardHelpOptions = true,
        description = "Show the attributes of a path (a symlink itself unless -L).")
public final class StatCommand extends TarboxCommand {
    @Option(
            names = {"-L", "--dereference"},
            description = "Follow a final symbolic link.")
    boolean follow;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Parameters(paramLabel = "PATH", description = "Path in the tenant's tree.")
    String path;

    @Override
    void run(Session session) throws Exception {
        Tree tree = session.tree();
        FileAttributes a = tree.existing(path, follow);
        String target = a.isSymlink() ? Tree.at(path, () -> tree.fs().readlink(a.ino())) : null;
        if (json) {
            Json.print(out(), Format.json(null, path, a, target));
            return;
        }
        PrintStream out = out();
        out.println("  File: " + Format.oneLine(path) + (target != null ? " -> " + Format.oneLine(target) : ""));
        out.println("  Type: " + Format.typeName(a.type()));
        out.println("  Size: " + a.size());
        out.println(" Inode: " + a.ino());
        out.println(" Links: " + a.nlink());
        out.println("  Mode: " + Format.octalMode(a.mode()) + " (" + Format.modeString(a) + ")");
        out.println("Access: " + Format.isoTime(a.atimeNs()));
        out.println("Modify: " + Format.isoTime(a.mtimeNs()));
        out.println("Change: " + Format.isoTime(a.ctimeNs()));
    }
}
