package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.module.ModuleInspector;
import io.tarbox.wasi.module.ModuleInspector.ModuleInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tarbox inspect}: a module's imports, exports and memories, and whether it is a WASI command. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a WebAssembly module: imports, exports, memories.")
public final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Parameters(paramLabel = "MODULE", description = "The .wasm file.")
    Path module;

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        ModuleInfo info;
        try {
            info = ModuleInspector.inspect(Files.readAllBytes(module));
        } catch (IOException e) {
            throw CliException.host(module, e);
        } catch (ModuleLoadException e) {
            throw new CliException(ExitCodes.INVALID_MODULE, module + ": " + e.getMessage(), e);
        }
        PrintStream out = main.out();
        if (json) {
            Json.print(out, info);
            return ExitCodes.OK;
        }
        out.println("module: " + Format.oneLine(String.valueOf(module)));
        out.println("WASI command: " + (info.wasiCommand() ? "yes (exports _start)" : "no"));
        out.println("imports: " + info.imports().size());
        for (ModuleInspector.ImportInfo i : info.imports()) {
            out.println("  " + Format.oneLine(i.module() + "." + i.name()) + " " + i.kind() + (i.type() == null ? "" : " " + i.type()));
        }
        out.println("exports: " + info.exports().size());
        for (ModuleInspector.ExportInfo e : info.exports()) {
            out.println("  " + Format.oneLine(e.name()) + " " + e.kind() + (e.type() == null ? "" : " " + e.type()));
        }
        out.println("memories: " + info.memories().size());
        for (ModuleInspector.MemoryInfo m : info.memories()) {
            out.println("  " + m.initialPages() + " pages initial, "
                    + (m.maximumPages() == null ? "no maximum" : m.maximumPages() + " pages maximum")
                    + (m.imported() ? ", imported" : "") + (m.shared() ? ", shared" : ""));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
