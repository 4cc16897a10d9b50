package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.Counts;
import io.tarbox.cli.transfer.HostExport;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.Streams;
import io.tarbox.cli.transfer.TarExport;
import io.tarbox.cli.tree.Tree;
import io.tarbox.storage.host.HostDirectory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tarbox export}: a directory of the tree to a host directory or tar archive. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        customSynopsis = {"tarbox export [OPTIONS] PATH HOST_DIR", "tarbox export [OPTIONS] PATH --tar FILE"},
        description = {
            "Copy a directory of the tree to a host directory or a tar archive.",
            "The contents of PATH go into HOST_DIR (or the archive): files, directories, symbolic",
            "links, permission bits and modification times.",
            "HOST_DIR must be an empty directory or not exist yet; a tar FILE is replaced once complete."
        })
public final class ExportCommand extends TarboxCommand {
    @Option(names = "--tar", paramLabel = "FILE", description = "Write a POSIX tar archive; '-' for standard output.")
    String tarFile;

    @Parameters(
            paramLabel = "PATH HOST_DIR",
            arity = "1..2",
            description = "Directory in the tree and (without --tar) host directory.")
    List<String> arguments;

    @Override
    void run(Session session) throws IOException {
        String path = argument(0);
        Tree tree = session.tree();
        long source = tree.directory(path);
        long total = main().interactive() ? Tree.at(path, () -> tree.contentSize(source)) : -1;
        Counts counts;
        try (Progress progress = Progress.start(main().interactive(), "export", total)) {
            if (tarFile == null) {
                counts = toDirectory(tree, path, source, Path.of(argument(1)), progress);
            } else if (tarFile.equals("-")) {
                OutputStream out = new BufferedOutputStream(Streams.failing(out()), 1 << 16);
                counts = Tree.at(path, () -> new TarExport(tree, out, progress).write(source));
                out.flush();
            } else {
                counts = toTarFile(tree, path, source, Path.of(tarFile), progress);
            }
        }
        main().err().println("exported " + counts);
    }

    private Counts toDirectory(Tree tree, String path, long source, Path hostDir, Progress progress)
            throws IOException {
        String unavailable = HostDirectory.unavailable();
        if (unavailable != null) {
            throw new CliException(
                    ExitCodes.UNSUPPORTED, hostDir + ": refused: " + unavailable + " (export --tar works here)");
        }
        if (Files.exists(hostDir) && !Files.isDirectory(hostDir)) {
            throw new CliException(ExitCodes.CONFLICT, hostDir + ": not a directory (on the host)");
        }
        if (!Files.exists(hostDir)) {
            try {
                Files.createDirectory(hostDir);
            } catch (IOException e) {
                throw CliException.host(hostDir, e);
            }
        }
        // From here on the target is the directory this handle holds, wherever its path leads later.
        try (HostDirectory target = Tree.at(path, () -> HostDirectory.open(hostDir))) {
            if (!Tree.at(path, target::list).isEmpty()) {
                throw new CliException(ExitCodes.CONFLICT, hostDir + ": directory not empty (on the host)");
            }
            return Tree.at(path, () -> new HostExport(tree, target, progress).copy(source));
        }
    }

    /** Writes next to the archive and renames, so a failure leaves an existing archive as it was. */
    private Counts toTarFile(Tree tree, String path, long source, Path archive, Progress progress) throws IOException {
        if (Files.isDirectory(archive)) {
            throw new CliException(ExitCodes.CONFLICT, archive + ": is a directory (on the host)");
        }
        Path dir = archive.toAbsolutePath().getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(dir, ".tarbox-export-", ".part");
        } catch (IOException e) {
            throw CliException.host(dir, e);
        }
        boolean done = false;
        try {
            Counts counts;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                counts = Tree.at(path, () -> new TarExport(tree, out, progress).write(source));
            }
            Files.move(temporary, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return counts;
        } finally {
            if (!done) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private String argument(int index) {
        int expected = tarFile == null ? 2 : 1;
        if (arguments.size() != expected) {
            throw new ParameterException(
                    spec.commandLine(),
                    tarFile == null
                            ? "expected PATH and HOST_DIR (or PATH --tar FILE)"
                            : "with --tar, expected only PATH");
        }
        return arguments.get(index);
    }
}
