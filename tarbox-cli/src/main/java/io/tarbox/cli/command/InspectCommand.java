package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.component.link.ComponentDescription;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.module.ComponentInspector;
import io.tarbox.wasi.module.ComponentLoader;
import io.tarbox.wasi.module.ModuleInspector;
import io.tarbox.wasi.module.ModuleInspector.ModuleInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tarbox inspect}: a module's imports, exports and memories, and whether it is a WASI command;
 * or a WASI 0.2 component's imports and exports by WIT name, its core modules, whether it is a
 * command, and what Tarbox does not provide of its imports.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Describe a WebAssembly module (imports, exports, memories) or component (WIT imports and exports, core modules).")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Parameters(paramLabel = "MODULE", description = "The .wasm file (a module or a component).")
    Path module;

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        ModuleInfo info;
        try {
            byte[] bytes = Files.readAllBytes(module);
            if (ComponentLoader.isComponent(bytes)) {
                return component(main.out(), ComponentInspector.inspect(bytes));
            }
            info = ModuleInspector.inspect(bytes);
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
            out.println("  " + Format.oneLine(i.module() + "." + i.name()) + " " + i.kind()
                    + (i.type() == null ? "" : " " + i.type()));
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

    private int component(PrintStream out, ComponentInspector.ComponentInfo info) throws IOException {
        if (json) {
            Json.print(out, info);
            return ExitCodes.OK;
        }
        ComponentDescription c = info.component();
        out.println("component: " + module);
        String run = c.exports().stream()
                .map(ComponentDescription.Item::name)
                .filter(n -> n.startsWith("wasi:cli/run@"))
                .findFirst()
                .orElse(null);
        out.println("WASI command: " + (c.command() ? "yes (exports " + run + ")" : "no"));
        items(out, "imports", c.imports());
        items(out, "exports", c.exports());
        out.println("core modules: " + c.coreModules().size());
        for (ComponentDescription.CoreModule m : c.coreModules()) {
            out.println("  " + m.index() + ": " + m.size() + " bytes, " + m.functions() + " functions, " + m.imports()
                    + " imports, " + m.exports() + " exports");
        }
        out.println("imports Tarbox does not provide: "
                + (info.unsatisfiedImports().isEmpty() ? "none" : String.join(", ", info.unsatisfiedImports())));
        out.flush();
        return ExitCodes.OK;
    }

    private static void items(PrintStream out, String title, List<ComponentDescription.Item> items) {
        out.println(title + ": " + items.size());
        for (ComponentDescription.Item i : items) {
            out.println("  " + i.name() + ": " + (i.type() == null ? i.kind() : i.type()));
            for (ComponentDescription.Member m : i.members()) {
                out.println("    " + m.name() + ": "
                        + (m.type() == null ? m.kind() : m.kind().equals("type") ? "type " + m.type() : m.type()));
            }
        }
    }
}
