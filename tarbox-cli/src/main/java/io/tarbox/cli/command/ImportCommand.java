package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.Counts;
import io.tarbox.cli.transfer.HostImport;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.TarImport;
import io.tarbox.cli.tree.Tree;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tarbox import}: a whole host directory or tar archive into the tree. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        customSynopsis = {"tarbox import [OPTIONS] HOST_DIR PATH", "tarbox import [OPTIONS] --tar FILE PATH"},
        description = {
            "Copy the contents of a host directory, or of a tar archive, into PATH: files, directories,",
            "symbolic links, permission bits and modification times.",
            "PATH must be an empty directory or not exist yet (it is created; its parent must exist)."
        })
public final class ImportCommand extends TarboxCommand {
    @Option(names = "--tar", paramLabel = "FILE", description = "Read an (uncompressed) tar archive; '-' for standard input.")
    String tarFile;

    @Parameters(paramLabel = "HOST_DIR PATH", arity = "1..2", description = "Host directory (not with --tar) and destination in the tree.")
    List<String> arguments;

    @Override
    void run(Session session) throws IOException {
        String hostDir = tarFile == null ? argument(0, 2) : null;
        String path = tarFile == null ? argument(1, 2) : argument(0, 1);
        Counts counts;
        if (tarFile == null) {
            Path source = Path.of(hostDir);
            if (!Files.isDirectory(source)) {
                throw new CliException(Files.exists(source) ? ExitCodes.CONFLICT : ExitCodes.NOT_FOUND,
                        hostDir + ": " + (Files.exists(source) ? "not a directory" : "no such file or directory") + " (on the host)");
            }
            Path real = source.toRealPath();
            Tree tree = session.tree();
            long target = tree.emptyDirectoryFor(path);
            long total = main().interactive() ? HostImport.contentSize(real) : -1;
            try (Progress progress = Progress.start(main().interactive(), "import", total)) {
                counts = Tree.at(path, () -> new HostImport(tree.fs(), progress, main().err()).copy(real, target));
            }
        } else {
            boolean fromStdin = tarFile.equals("-");
            Path archive = fromStdin ? null : Path.of(tarFile);
            if (!fromStdin && !Files.isRegularFile(archive)) {
                throw new CliException(Files.exists(archive) ? ExitCodes.CONFLICT : ExitCodes.NOT_FOUND,
                        tarFile + ": " + (Files.exists(archive) ? "not a regular file" : "no such file or directory") + " (on the host)");
            }
            Tree tree = session.tree();
            long target = tree.emptyDirectoryFor(path);
            long total = fromStdin ? -1 : Files.size(archive);
            try (InputStream in = new BufferedInputStream(fromStdin ? main().in() : Files.newInputStream(archive), 1 << 16);
                    Progress progress = Progress.start(main().interactive(), "import", total)) {
                counts = Tree.at(path, () -> new TarImport(tree.fs(), target, progress, main().err()).unpack(in));
            }
        }
        main().err().println("imported " + counts);
    }

    private String argument(int index, int expected) {
        if (arguments.size() != expected) {
            throw new ParameterException(spec.commandLine(), tarFile == null
                    ? "expected HOST_DIR and PATH (or --tar FILE PATH)"
                    : "with --tar, expected only PATH");
        }
        return arguments.get(index);
    }
}
