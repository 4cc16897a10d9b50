package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.Counts;
import io.tarbox.cli.transfer.HostImport;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.TarImport;
import io.tarbox.cli.tree.Tree;
import io.tarbox.storage.host.HostDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
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
            "Copy a host directory or a tar archive into the tree.",
            "The contents of HOST_DIR (or of the archive) go into PATH: files, directories, symbolic",
            "links, permission bits and modification times.",
            "PATH must be an empty directory or not exist yet (it is created; its parent must exist)."
        })
public final class ImportCommand extends TarboxCommand {
    @Option(
            names = "--tar",
            paramLabel = "FILE",
            description = "Read a tar archive (plain or gzip-compressed); '-' for standard input.")
    String tarFile;

    @Parameters(
            paramLabel = "HOST_DIR PATH",
            arity = "1..2",
            description = "Host directory (not with --tar) and destination in the tree.")
    List<String> arguments;

    @Override
    String auditOperation() {
        return "import";
    }

    @Override
    java.util.List<String> auditPaths() {
        return java.util.List.of(arguments.get(arguments.size() - 1));
    }

    @Override
    void run(Session session) throws IOException {
        String hostDir = tarFile == null ? argument(0, 2) : null;
        String path = tarFile == null ? argument(1, 2) : argument(0, 1);
        Counts counts;
        if (tarFile == null) {
            Path source = Path.of(hostDir);
            if (!Files.isDirectory(source)) {
                throw new CliException(
                        Files.exists(source) ? ExitCodes.CONFLICT : ExitCodes.NOT_FOUND,
                        hostDir + ": " + (Files.exists(source) ? "not a directory" : "no such file or directory")
                                + " (on the host)");
            }
            String unavailable = HostDirectory.unavailable();
            if (unavailable != null) {
                throw new CliException(
                        ExitCodes.UNSUPPORTED, hostDir + ": refused: " + unavailable + " (import --tar works here)");
            }
            Tree tree = session.tree();
            // From here on the source is the directory this handle holds, wherever its path leads later.
            try (HostDirectory held = HostDirectory.open(source.toRealPath())) {
                long total = main().interactive() ? HostImport.contentSize(held) : -1;
                Tree.ImportTarget target = tree.emptyDirectoryFor(path);
                try (Progress progress = Progress.start(main().interactive(), "import", total)) {
                    counts = undoOnFailure(
                            tree,
                            target,
                            () -> Tree.at(
                                    path,
                                    () -> new HostImport(tree.fs(), progress, main().err()).copy(held, target.ino())));
                }
            }
        } else {
            boolean fromStdin = tarFile.equals("-");
            Path archive = fromStdin ? null : Path.of(tarFile);
            if (!fromStdin && !Files.isRegularFile(archive)) {
                throw new CliException(
                        Files.exists(archive) ? ExitCodes.CONFLICT : ExitCodes.NOT_FOUND,
                        tarFile + ": " + (Files.exists(archive) ? "not a regular file" : "no such file or directory")
                                + " (on the host)");
            }
            Tree tree = session.tree();
            long total = fromStdin ? -1 : Files.size(archive);
            try (InputStream in = fromStdin ? main().in() : Files.newInputStream(archive);
                    Progress progress = Progress.start(main().interactive(), "import", total)) {
                Tree.ImportTarget target = tree.emptyDirectoryFor(path);
                counts = undoOnFailure(
                        tree,
                        target,
                        () -> Tree.at(
                                path, () -> new TarImport(tree.fs(), target.ino(), progress, main().err()).unpack(in)));
            }
        }
        main().err().println("imported " + counts);
    }

    /** Runs the copy; if it fails, removes what it wrote, so the tree is as it was. */
    private static Counts undoOnFailure(Tree tree, Tree.ImportTarget target, Supplier<Counts> copy) {
        boolean done = false;
        try {
            Counts counts = copy.get();
            done = true;
            return counts;
        } finally {
            if (!done) {
                tree.undoImport(target);
            }
        }
    }

    private String argument(int index, int expected) {
        if (arguments.size() != expected) {
            throw new ParameterException(
                    spec.commandLine(),
                    tarFile == null
                            ? "expected HOST_DIR and PATH (or --tar FILE PATH)"
                            : "with --tar, expected only PATH");
        }
        return arguments.get(index);
    }
}
