package io.tarbox.wasi.plugin;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.wasi.module.ModuleInspector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a parsed module against the plugin ABI before anything runs: it imports only the host
 * functions (with their exact types), defines and exports its memory, and exports the required
 * functions with the right types. Each failure names the import or export.
 */
final class PluginModule {
    static final String MEMORY = "memory";
    static final String INIT = "plugin_init";
    static final String MANIFEST = "plugin_manifest";
    static final String PROCESS = "plugin_process";
    static final String ALLOC = "alloc";
    static final String DESTROY = "plugin_destroy";
    /** Exported by reactor modules (clang -mexec-model=reactor): runs C constructors; called first. */
    static final String REACTOR_INIT = "_initialize";

    private static final ValType I32 = ValType.I32;
    private static final Map<String, FunctionType> REQUIRED = Map.of(
            INIT, FunctionType.of(List.of(), List.of(I32)),
            MANIFEST, FunctionType.of(List.of(I32, I32), List.of(I32)),
            PROCESS, FunctionType.of(List.of(I32, I32, I32, I32, I32, I32), List.of(I32)));
    private static final Map<String, FunctionType> OPTIONAL = Map.of(
            ALLOC, FunctionType.of(List.of(I32), List.of(I32)),
            DESTROY, FunctionType.empty(),
            REACTOR_INIT, FunctionType.empty());

    private final WasmModule module;

    private PluginModule(WasmModule module) {
        this.module = module;
    }

    /**
     * @throws PluginException INVALID_MODULE for an import the host does not offer, MISSING_EXPORT
     *     for a missing or mistyped export
     */
    static PluginModule check(WasmModule module, List<HostFunction> hostFunctions) {
        PluginModule checked = new PluginModule(module);
        checked.checkImports(hostFunctions);
        checked.checkExports();
        return checked;
    }

    boolean exports(String function) {
        return export(function).isPresent();
    }

    /** The limits the module declares for its memory. */
    MemoryLimits memoryLimits() {
        return module.memorySection().orElseThrow().getMemory(0).limits();
    }

    private void checkImports(List<HostFunction> hostFunctions) {
        Map<String, FunctionType> offered =
                hostFunctions.stream().collect(Collectors.toMap(HostFunction::name, HostFunction::functionType));
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            String name = imported.module() + "." + imported.name();
            FunctionType expected =
                    PluginAbi.IMPORT_MODULE.equals(imported.module()) ? offered.get(imported.name()) : null;
            if (expected == null || imported.importType() != ExternalType.FUNCTION) {
                throw invalid("plugin imports " + name + ", which the plugin host does not offer (it offers "
                        + PluginAbi.IMPORT_MODULE + "."
                        + String.join(
                                ", " + PluginAbi.IMPORT_MODULE + ".",
                                hostFunctions.stream().map(HostFunction::name).toList())
                        + ")");
            }
            FunctionType actual = module.typeSection().getType(((FunctionImport) imported).typeIndex());
            if (!actual.equals(expected)) {
                throw invalid("plugin imports " + name + " with type " + signature(actual) + ", expected "
                        + signature(expected));
            }
        }
    }

    private void checkExports() {
        Optional<Export> memory = export(MEMORY);
        if (memory.isEmpty() || memory.get().exportType() != ExternalType.MEMORY) {
            throw missing("plugin does not export its memory as \"" + MEMORY + "\"");
        }
        for (String name : List.of(INIT, MANIFEST, PROCESS)) {
            if (export(name).isEmpty()) {
                throw missing("plugin does not export the function " + name + " " + signature(REQUIRED.get(name)));
            }
            checkType(name, REQUIRED.get(name));
        }
        for (var optional : OPTIONAL.entrySet()) {
            if (export(optional.getKey()).isPresent()) {
                checkType(optional.getKey(), optional.getValue());
            }
        }
    }

    private void checkType(String name, FunctionType expected) {
        Export export = export(name).orElseThrow();
        if (export.exportType() != ExternalType.FUNCTION) {
            throw missing("plugin export " + name + " is a "
                    + export.exportType().name().toLowerCase() + ", not a function " + signature(expected));
        }
        FunctionType actual = functionType(export.index());
        if (!actual.equals(expected)) {
            throw missing(
                    "plugin export " + name + " has type " + signature(actual) + ", expected " + signature(expected));
        }
    }

    private FunctionType functionType(int functionIndex) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        if (functionIndex < imported) {
            return module.typeSection()
                    .getType(((FunctionImport) module.importSection().stream()
                                    .filter(i -> i.importType() == ExternalType.FUNCTION)
                                    .skip(functionIndex)
                                    .findFirst()
                                    .orElseThrow())
                            .typeIndex());
        }
        return module.functionSection().getFunctionType(functionIndex - imported, module.typeSection());
    }

    private Optional<Export> export(String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name)) {
                return Optional.of(export);
            }
        }
        return Optional.empty();
    }

    private static String signature(FunctionType type) {
        return ModuleInspector.signature(type);
    }

    private static PluginException invalid(String message) {
        return new PluginException(PluginException.Kind.INVALID_MODULE, message);
    }

    private static PluginException missing(String message) {
        return new PluginException(PluginException.Kind.MISSING_EXPORT, message);
    }
}
