package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.HostFiles;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.Streams;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.path.PartialPuts;
import io.tarbox.core.path.PathResolver.Resolved;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tarbox put}: copies a host file (or stdin) into the tree. */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        description = {
            "Copy a host file (or standard input) into the tree.",
            "If PATH is a directory the file goes inside it under its own name. An existing file is",
            "replaced atomically: on failure it is left as it was."
        })
public final class PutCommand extends TarboxCommand {
    @Parameters(index = "0", paramLabel = "HOST_FILE", description = "Host file, or '-' for standard input.")
    String source;

    @Parameters(index = "1", paramLabel = "PATH", description = "Destination file or directory in the tree.")
    String path;

    @Override
    String auditOperation() {
        return "put";
    }

    @Override
    java.util.List<String> auditPaths() {
        return java.util.List.of(path);
    }

    @Override
    void run(Session session) throws IOException {
        boolean fromStdin = source.equals("-");
        Path host = fromStdin ? null : Path.of(source);
        long size = -1;
        int mode = HostFiles.DEFAULT_FILE_MODE;
        if (!fromStdin) {
            if (!Files.exists(host)) {
                throw new CliException(ExitCodes.NOT_FOUND, source + ": no such file or directory (on the host)");
            }
            if (Files.isDirectory(host)) {
                throw new CliException(ExitCodes.CONFLICT, source + ": is a directory (use 'tarbox import')");
            }
            size = Files.size(host);
            mode = HostFiles.mode(host, mode);
        }

        Tree tree = session.tree();
        String destination = path;
        Resolved target = tree.resolve(destination, true);
        if (target.exists() && target.attributes().isDirectory()) {
            if (fromStdin) {
                throw Tree.error(destination, FsError.IS_DIRECTORY);
            }
            destination = Tree.join(destination, Tree.baseName(source));
            target = tree.resolve(destination, true);
            if (target.exists() && target.attributes().isDirectory()) {
                throw Tree.error(destination, FsError.IS_DIRECTORY);
            }
        }
        if (target.trailingSlash() && !target.exists()) {
            throw Tree.error(destination, FsError.NOT_FOUND);
        }

        Resolved where = target;
        String shown = destination;
        int fileMode = mode;
        long total = size;
        try (InputStream in = fromStdin ? main().in() : Files.newInputStream(host);
                Progress progress = Progress.start(main().interactive(), "put " + Tree.baseName(destination), total)) {
            Tree.at(shown, () -> replace(tree.fs(), where.dir(), where.name(), fileMode, in, progress));
        }
    }

    /**
     * Writes the content under a temporary name in the same directory, then renames it over
     * {@code name}, so the old file stays intact until the new one is complete. The temporary file
     * is removed on failure and, by a shutdown hook, when the process is stopped (SIGTERM, Ctrl-C);
     * after {@code kill -9}, {@code tarbox gc} removes it (see {@link PartialPuts}).
     */
    static void replace(FilesystemInterface fs, long dir, String name, int mode, InputStream in, Progress progress)
            throws IOException {
        String temporary = PartialPuts.temporaryName(name);
        long ino = fs.create(dir, temporary, mode, true).ino();
        Thread cleanup = new Thread(() -> removeQuietly(fs, dir, temporary), "tarbox-put-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Streams.intoFile(in, fs, ino, progress);
            fs.rename(dir, temporary, dir, name);
        } catch (IOException | RuntimeException e) {
            try {
                fs.unlink(dir, temporary);
            } catch (RuntimeException unlinkFailed) {
                // gone already (a full storage discards what was not committed): the first error is the one to tell
                e.addSuppressed(unlinkFailed);
            }
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook removes the file
            }
        }
    }

    /** On the way out of a stopped process: remove the temporary file and commit that. */
    private static void removeQuietly(FilesystemInterface fs, long dir, String temporary) {
        try {
            fs.unlink(dir, temporary);
            fs.syncAll();
        } catch (RuntimeException e) {
            // renamed into place meanwhile, or the store is gone: nothing more to do here
        }
    }
}
