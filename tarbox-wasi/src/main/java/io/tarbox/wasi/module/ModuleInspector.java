package io.tarbox.wasi.module;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.wasi.ModuleLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Describes a module for {@code tarbox inspect}: imports, exports, memories, WASI command or not. */
public final class ModuleInspector {

    /** What a module is made of. */
    public record ModuleInfo(
            List<ImportInfo> imports, List<ExportInfo> exports, List<MemoryInfo> memories, boolean wasiCommand) {}

    /**
     * One import.
     *
     * @param kind "function", "table", "memory", "global" or "tag"
     * @param type the signature of a function, e.g. "(i32, i32) -> (i32)"; null for other kinds
     */
    public record ImportInfo(String module, String name, String kind, String type) {}

    /** One export; {@code type} as in {@link ImportInfo}. */
    public record ExportInfo(String name, String kind, String type) {}

    /**
     * One memory.
     *
     * @param maximumPages null when the module sets no maximum
     */
    public record MemoryInfo(int initialPages, Integer maximumPages, boolean imported, boolean shared) {}

    private ModuleInspector() {}

    public static ModuleInfo inspect(byte[] bytes) throws ModuleLoadException {
        return inspect(WasmModuleLoader.parse(bytes));
    }

    public static ModuleInfo inspect(WasmModule module) {
        List<ImportInfo> imports = new ArrayList<>();
        List<MemoryInfo> memories = new ArrayList<>();
        List<FunctionType> functionTypes = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String type = null;
            if (imp instanceof FunctionImport) {
                FunctionType ft = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                functionTypes.add(ft);
                type = signature(ft);
            } else if (imp instanceof MemoryImport) {
                memories.add(memory(((MemoryImport) imp).limits(), true));
            }
            imports.add(new ImportInfo(imp.module(), imp.name(), kind(imp.importType()), type));
        }
        for (int i = 0; i < module.functionSection().functionCount(); i++) {
            functionTypes.add(module.functionSection().getFunctionType(i, module.typeSection()));
        }
        module.memorySection().ifPresent(section -> {
            for (int i = 0; i < section.memoryCount(); i++) {
                memories.add(memory(section.getMemory(i).limits(), false));
            }
        });
        List<ExportInfo> exports = new ArrayList<>();
        boolean command = false;
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            String type = null;
            if (export.exportType() == ExternalType.FUNCTION) {
                FunctionType ft = functionTypes.get(export.index());
                type = signature(ft);
                if (export.name().equals("_start")
                        && ft.params().isEmpty()
                        && ft.returns().isEmpty()) {
                    command = true;
                }
            }
            exports.add(new ExportInfo(export.name(), kind(export.exportType()), type));
        }
        return new ModuleInfo(imports, exports, memories, command);
    }

    /** A function type as "(i32, i64) -> (i32)". */
    public static String signature(FunctionType type) {
        return "(" + names(type.params()) + ") -> (" + names(type.returns()) + ")";
    }

    public static String name(ValType type) {
        if (type.equals(ValType.I32)) {
            return "i32";
        } else if (type.equals(ValType.I64)) {
            return "i64";
        } else if (type.equals(ValType.F32)) {
            return "f32";
        } else if (type.equals(ValType.F64)) {
            return "f64";
        } else if (type.equals(ValType.V128)) {
            return "v128";
        }
        return String.valueOf(type).toLowerCase();
    }

    private static String names(List<ValType> types) {
        return types.stream().map(ModuleInspector::name).collect(Collectors.joining(", "));
    }

    private static MemoryInfo memory(MemoryLimits limits, boolean imported) {
        Integer max = limits.maximumPages() == MemoryLimits.MAX_PAGES ? null : limits.maximumPages();
        return new MemoryInfo(limits.initialPages(), max, imported, limits.shared());
    }

    private static String kind(ExternalType type) {
        return type.name().toLowerCase();
    }
}
