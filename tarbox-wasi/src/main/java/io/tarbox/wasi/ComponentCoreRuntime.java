package io.tarbox.wasi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.tarbox.component.ComponentException;
import io.tarbox.component.link.CoreRuntime;
import io.tarbox.component.model.Component;
import io.tarbox.component.model.Definition;
import io.tarbox.wasi.limits.FuelMeter;
import io.tarbox.wasi.limits.LimitExceededException;
import io.tarbox.wasi.limits.MeteredMemory;
import io.tarbox.wasi.module.Engines;
import io.tarbox.wasi.module.ModuleCache;
import io.tarbox.wasi.module.WasmModuleLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Parses and instantiates the core modules of a component exactly as {@link WasiRun} does a module
 * of its own ({@link WasmModuleLoader#parse(byte[], Engine, ModuleCache)}), compiled (and cached) or
 * interpreted, each memory a {@link MeteredMemory} under a memory limit, every instruction of
 * every core instance counted against one fuel budget.
 */
final class ComponentCoreRuntime implements CoreRuntime {
    private final RunOptions options;
    private final Engine engine;
    private final ModuleCache cache;
    private final FuelMeter fuel;
    private final List<MeteredMemory> memories = new ArrayList<>();
    /** Core modules parsed ahead, by the identity of their bytes (see {@link #parseAhead}). */
    private final Map<byte[], CompletableFuture<WasmModule>> ahead = new IdentityHashMap<>();

    ComponentCoreRuntime(RunOptions options) {
        this.options = options;
        this.engine = WasiRun.engine(options);
        this.cache = WasiRun.moduleCache(options);
        RunLimits limits = options.limits();
        this.fuel = limits.fuel() == RunLimits.UNLIMITED ? null : new FuelMeter(limits.fuel());
    }

    /**
     * Starts parsing every core module of {@code component} (nested components' too) on a second
     * thread: an adapted component has two large modules (the program and the preview 1 adapter),
     * and at start-up, while the JVM still interprets itself, parsing and hashing them is most of
     * the component's extra start time. The linker then takes each as it comes to it.
     */
    void parseAhead(Component component) {
        List<Definition.CoreModule> modules = new ArrayList<>();
        collect(component, modules);
        if (modules.size() < 2) {
            return;
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tarbox-parse");
            t.setDaemon(true);
            return t;
        });
        // The largest first: the linker parses the first module itself meanwhile.
        modules.sort(Comparator.comparingInt((Definition.CoreModule m) -> m.bytes().length)
                .reversed());
        for (Definition.CoreModule m : modules.subList(1, modules.size())) {
            ahead.put(
                    m.bytes(),
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return WasmModuleLoader.parse(m.bytes(), engine, cache);
                                } catch (ModuleLoadException e) {
                                    return null; // parsed again by the linker, which reports it
                                }
                            },
                            executor));
        }
        executor.shutdown();
    }

    private static void collect(Component component, List<Definition.CoreModule> out) {
        for (Definition d : component.definitions()) {
            if (d instanceof Definition.CoreModule m) {
                out.add(m);
            } else if (d instanceof Definition.Nested n) {
                collect(n.component(), out);
            }
        }
    }

    @Override
    public WasmModule parse(byte[] bytes, int index) throws ComponentException {
        CompletableFuture<WasmModule> parsed = ahead.remove(bytes);
        if (parsed != null) {
            WasmModule module = parsed.join();
            if (module != null) {
                return module;
            }
        }
        try {
            return WasmModuleLoader.parse(bytes, engine, cache);
        } catch (ModuleLoadException e) {
            ComponentException.Kind kind = e.reason() == ModuleLoadException.Reason.TRUNCATED
                    ? ComponentException.Kind.TRUNCATED
                    : e.reason() == ModuleLoadException.Reason.INVALID
                            ? ComponentException.Kind.INVALID
                            : ComponentException.Kind.MALFORMED;
            throw new ComponentException(kind, "core module " + index + " of the component: " + e.getMessage(), e);
        }
    }

    @Override
    public Instance instantiate(WasmModule module, ImportValues imports) {
        RunLimits limits = options.limits();
        Optional<MemoryLimits> memoryLimits = WasiRun.memoryLimits(module, limits);
        String tooLarge = memoryLimits.isEmpty()
                ? null
                : MeteredMemory.tooLargeAtStart(
                        "a core module of the component",
                        memoryLimits.get().initialPages(),
                        limits.maxMemoryPages(),
                        limits.maxMemoryBytes());
        if (tooLarge != null) {
            throw new LimitExceededException(RunLimit.MEMORY, tooLarge);
        }
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(imports)
                .withMemoryFactory(l -> {
                    if (!MeteredMemory.needed(limits.maxMemoryPages())) {
                        return new ByteArrayMemory(l);
                    }
                    MeteredMemory memory = new MeteredMemory(new ByteArrayMemory(l), limits.maxMemoryPages());
                    memories.add(memory);
                    return memory;
                })
                .withMachineFactory(Engines.machineFactory(module, engine, cache))
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
