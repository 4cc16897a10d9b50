package io.tarbox.wasi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.tarbox.component.ComponentException;
import io.tarbox.component.link.CoreRuntime;
import io.tarbox.wasi.limits.FuelMeter;
import io.tarbox.wasi.limits.LimitExceededException;
import io.tarbox.wasi.limits.MeteredMemory;
import io.tarbox.wasi.module.Engines;
import io.tarbox.wasi.module.ModuleCache;
import io.tarbox.wasi.module.WasmModuleLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses and instantiates the core modules of a component exactly as {@link WasiRun} does a module
 * of its own: validated unless the compiled-module cache already holds it, compiled (and cached) or
 * interpreted, each memory a {@link MeteredMemory} under the memory limit, every instruction of
 * every core instance counted against one fuel budget.
 */
final class ComponentCoreRuntime implements CoreRuntime {
    private final RunOptions options;
    private final Engine engine;
    private final FuelMeter fuel;
    private final List<MeteredMemory> memories = new ArrayList<>();

    ComponentCoreRuntime(RunOptions options) {
        this.options = options;
        this.engine = WasiRun.engine(options);
        RunLimits limits = options.limits();
        this.fuel = limits.fuel() == RunLimits.UNLIMITED ? null : new FuelMeter(limits.fuel());
    }

    @Override
    public WasmModule parse(byte[] bytes, int index) throws ComponentException {
        try {
            if (engine == Engine.COMPILER && options.cacheDirectory() != null) {
                WasmModule module = WasmModuleLoader.parse(bytes, false);
                if (new ModuleCache(options.cacheDirectory()).contains(module.digest())) {
                    return module;
                }
            }
            return WasmModuleLoader.parse(bytes);
        } catch (ModuleLoadException e) {
            ComponentException.Kind kind = e.reason() == ModuleLoadException.Reason.TRUNCATED
                    ? ComponentException.Kind.TRUNCATED : e.reason() == ModuleLoadException.Reason.INVALID
                    ? ComponentException.Kind.INVALID : ComponentException.Kind.MALFORMED;
            throw new ComponentException(kind, "core module " + index + " of the component: " + e.getMessage(), e);
        }
    }

    @Override
    public Instance instantiate(WasmModule module, ImportValues imports) {
        RunLimits limits = options.limits();
        Optional<MemoryLimits> memoryLimits = WasiRun.memoryLimits(module, limits);
        if (memoryLimits.isPresent() && memoryLimits.get().initialPages() > limits.maxMemoryPages()) {
            throw new LimitExceededException(RunLimit.MEMORY, "a core module of the component needs "
                    + memoryLimits.get().initialPages() + " pages of memory at start, more than the memory limit of "
                    + limits.maxMemoryBytes() + " bytes");
        }
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(imports)
                .withMemoryFactory(l -> {
                    MeteredMemory memory = new MeteredMemory(new ByteArrayMemory(l), limits.maxMemoryPages());
                    memories.add(memory);
                    return memory;
                })
                .withMachineFactory(Engines.machineFactory(module, engine, options.cacheDirectory()))
                .withStart(false);
        memoryLimits.ifPresent(builder::withMemoryLimits);
        if (fuel != null) {
            builder.withUnsafeExecutionListener(fuel);
        }
        return builder.build();
    }

    /** Whether memory.grow was refused for the memory limit in any core instance. */
    boolean memoryRefused() {
        return memories.stream().anyMatch(MeteredMemory::refusedForLimit);
    }
}
