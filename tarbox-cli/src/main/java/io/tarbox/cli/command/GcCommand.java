package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.GcResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tarbox gc}: frees the layers and chunks of the tenant that nothing needs any more. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Free the space no tree, snapshot or running program of the tenant needs.",
            "Deletes the layers of dropped snapshots and of runs that died, squashes layers no snapshot names",
            "into their only child (when no tree is open), and deletes data chunks no layer refers to."})
public final class GcCommand extends TarboxCommand {
    @Option(names = "--json", description = "Print JSON: {layers, chunks, bytes}.")
    boolean json;

    @Override
    void run(Session session) throws Exception {
        GcResult result;
        try {
            result = session.store().collectGarbage(session.tenant());
        } catch (FsException e) {
            throw session.unknownTenant(e);
        }
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("layers", result.layers());
            object.put("chunks", result.chunks());
            object.put("bytes", result.bytes());
            Json.print(out(), object);
            return;
        }
        out().println("reclaimed " + result.layers() + " layers, " + result.chunks() + " chunks, " + result.bytes() + " bytes");
    }
}
