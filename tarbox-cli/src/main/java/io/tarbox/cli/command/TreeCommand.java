package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tarbox tree}: a directory's subtree, drawn. */
@Command(
        name = "tree",
        mixinStandardHelpOptions = true,
        description = "Draw the subtree under a directory (symbolic links are shown, not followed).")
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
        out().println(directories
                + (directories == 1 ? " directory, " : " directories, ")
                + files
                + (files == 1 ? " file" : " files"));
    }

    /** A directory being drawn: its entries in name order, how far the drawing got, its lines' indent. */
    private record Drawing(List<DirEntry> entries, int[] next, String indent) {}

    /** Draws the subtree depth first with a stack of its own: any depth, no recursion. */
    private void draw(Tree tree, long dir, String indent) {
        Deque<Drawing> stack = new ArrayDeque<>();
        stack.push(drawing(tree, dir, indent));
        while (!stack.isEmpty()) {
            Drawing top = stack.peek();
            int i = top.next()[0]++;
            if (i == top.entries().size()) {
                stack.pop();
                continue;
            }
            DirEntry entry = top.entries().get(i);
            boolean last = i == top.entries().size() - 1;
            String line = top.indent() + (last ? "└── " : "├── ") + Format.oneLine(entry.name());
            if (entry.type() == FileType.SYMLINK) {
                line += " -> " + Format.oneLine(tree.fs().readlink(entry.ino()));
            }
            out().println(line);
            if (entry.type() == FileType.DIRECTORY) {
                directories++;
                stack.push(drawing(tree, entry.ino(), top.indent() + (last ? "    " : "│   ")));
            } else {
                files++;
            }
        }
    }

    private static Drawing drawing(Tree tree, long dir, String indent) {
        List<DirEntry> entries = tree.list(dir);
        entries.sort(Comparator.comparing(DirEntry::name));
        return new Drawing(entries, new int[1], indent);
    }
}
