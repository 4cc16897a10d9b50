package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.HostFiles;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.Streams;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FsError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tarbox get}: copies a file of the tree to the host (or stdout). */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Copy a file of the tree to a host file (or standard output).",
            "If HOST_FILE is a directory the file goes inside it under its own name. The host file is",
            "replaced only once the copy is complete."
        })
public final class GetCommand extends TarboxCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "File in the tree.")
    String path;

    @Parameters(
            index = "1",
            paramLabel = "HOST_FILE",
            description = "Host file or directory, or '-' for standard output.")
    String destination;

    @Override
    void run(Session session) throws IOException {
        Tree tree = session.tree();
        FileAttributes file = tree.existing(path, true);
        if (file.isDirectory()) {
            throw Tree.error(path, FsError.IS_DIRECTORY);
        }
        if (destination.equals("-")) {
            Tree.at(path, () -> Streams.fromFile(tree.fs(), file.ino(), Streams.failing(out()), Progress.NONE));
            out().flush();
            return;
        }
        Path host = Path.of(destination);
        if (Files.isDirectory(host)) {
            host = host.resolve(Tree.baseName(path));
            if (Files.isDirectory(host)) {
                throw new CliException(io.tarbox.cli.ExitCodes.CONFLICT, host + ": is a directory (on the host)");
            }
        }
        if (Files.exists(host) && !Files.isRegularFile(host)) {
            toSpecialFile(tree, file, host);
            return;
        }
        Path dir = host.toAbsolutePath().getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(dir, ".tarbox-get-", ".part");
        } catch (IOException e) {
            throw CliException.hostNamed(host, e); // the destination typed, not the temporary file's name
        }
        boolean done = false;
        try (Progress progress = Progress.start(main().interactive(), "get " + Tree.baseName(path), file.size())) {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                Tree.at(path, () -> Streams.fromFile(tree.fs(), file.ino(), out, progress));
            }
            HostFiles.setMode(temporary, file.mode());
            Files.move(temporary, host, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (IOException e) {
            throw CliException.hostNamed(host, e);
        } finally {
            if (!done) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Writes into a device, FIFO or socket as cp(1) does, through the name: renaming a file over it
     * would replace {@code /dev/null} (as root) or a pipe a reader waits on with a regular file.
     */
    private void toSpecialFile(Tree tree, FileAttributes file, Path host) {
        try (OutputStream out = Files.newOutputStream(host, StandardOpenOption.WRITE)) {
            Tree.at(path, () -> Streams.fromFile(tree.fs(), file.ino(), out, Progress.NONE));
        } catch (IOException e) {
            throw CliException.hostNamed(host, e);
        }
    }
}
