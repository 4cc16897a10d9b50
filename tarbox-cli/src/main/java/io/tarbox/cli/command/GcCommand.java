package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.GcResult;
import io.tarbox.core.path.PartialPuts;
import io.tarbox.core.store.TarboxStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tarbox gc}: frees the layers and chunks of the tenant that nothing needs any more. */
@Command(
        name = "gc",
        mixinStandardHelpOptions = true,
        description = {
            "Free the space no tree, snapshot or running program of the tenant needs.",
            "Removes the temporary files of puts that were killed (when no other process has the tree open).",
            "Deletes the layers of dropped snapshots and of runs that died, squashes layers no snapshot names",
            "into their only child (when no tree is open), and deletes data chunks no layer refers to."
        })
public final class GcCommand extends TarboxCommand {
    @Option(names = "--json", description = "Print JSON: {partialPuts, layers, chunks, bytes}.")
    boolean json;

    @Override
    void run(Session session) throws Exception {
        GcResult result;
        int partialPuts;
        try {
            partialPuts = removePartialPuts(session.store(), session.tenant());
            result = session.database("gc").collectGarbage(session.tenant());
        } catch (FsException e) {
            throw session.unknownTenant(e);
        }
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("partialPuts", partialPuts);
            object.put("layers", result.layers());
            object.put("chunks", result.chunks());
            object.put("bytes", result.bytes());
            Json.print(out(), object);
            return;
        }
        if (partialPuts > 0) {
            out().println("removed " + partialPuts + " temporary file" + (partialPuts == 1 ? "" : "s")
                    + " of interrupted puts");
        }
        out().println("reclaimed " + result.layers() + " layers, " + result.chunks() + " chunks, " + result.bytes()
                + " bytes");
    }

    /**
     * Removes the temporary files of puts whose process is gone: lists them, then (its own tree
     * closed) removes them only if no process has the tenant's tree open, as every put in progress
     * has (see {@link PartialPuts}).
     */
    private static int removePartialPuts(TarboxStore store, String tenant) {
        List<PartialPuts.Found> found;
        try (FilesystemInterface fs = store.openFilesystem(tenant)) {
            found = PartialPuts.find(fs);
        }
        if (found.isEmpty() || store.treeOpen(tenant)) {
            return 0;
        }
        try (FilesystemInterface fs = store.openFilesystem(tenant)) {
            return PartialPuts.remove(fs, found);
        }
    }
}
