package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.Streams;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FsError;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tarbox cat}: files' contents to stdout. */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Write the contents of files to standard output.")
public final class CatCommand extends TarboxCommand {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files in the tenant's tree.")
    List<String> paths;

    @Override
    void run(Session session) throws Exception {
        Tree tree = session.tree();
        // Check every path before writing anything, so a bad one does not leave half an output.
        List<Long> files = new ArrayList<>();
        for (String path : paths) {
            FileAttributes attributes = tree.existing(path, true);
            if (attributes.isDirectory()) {
                throw Tree.error(path, FsError.IS_DIRECTORY);
            }
            files.add(attributes.ino());
        }
        OutputStream out = Streams.failing(out());
        for (int i = 0; i < files.size(); i++) {
            long ino = files.get(i);
            String path = paths.get(i);
            Tree.at(path, () -> Streams.fromFile(tree.fs(), ino, out, Progress.NONE));
        }
        out().flush();
    }
}
