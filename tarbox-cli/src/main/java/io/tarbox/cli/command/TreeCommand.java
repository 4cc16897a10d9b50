package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tarbox tree}: a directory's subtree, drawn. */
@Command(name = "tree", mixinStandardHelpOptions = true, description = "Draw the subtree under a directory (symbolic links are shown, not followed).")
public final class TreeCommand extends TarboxCommand {
    @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/", description = "Directory (default: /).")
    String path;

    private long directories;
    private long files;

    @Override
    void run(Session session) {
        Tree tree = session.tree();
        FileAttributes top = tree.existing(path, true);
        out().println(Format.oneLine(path));
        if (top.isDirectory()) {
            Tree.at(path, () -> draw(tree, top.ino(), ""));
        }
        out().println();
        out().println(directories + (directories == 1 ? " directory, " : " directories, ") + files + (files == 1 ? " file" : " files"));
    }

    private void draw(Tree tree, long dir, String indent) {
        List<DirEntry> entries = tree.list(dir);
        entries.sort(Comparator.comparing(DirEntry::name));
        for (int i = 0; i < entries.size(); i++) {
            DirEntry entry = entries.get(i);
            boolean last = i == entries.size() - 1;
            String line = indent + (last ? "└── " : "├── ") + Format.oneLine(entry.name());
            if (entry.type() == FileType.SYMLINK) {
                line += " -> " + Format.oneLine(tree.fs().readlink(entry.ino()));
            }
            out().println(line);
            if (entry.type() == FileType.DIRECTORY) {
                directories++;
                draw(tree, entry.ino(), indent + (last ? "    " : "│   "));
            } else {
                files++;
            }
        }
    }
}
