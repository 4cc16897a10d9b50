package io.tarbox.wasi.plugin;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.limits.CallTimer;
import io.tarbox.wasi.limits.MeteredMemory;
import io.tarbox.wasi.module.Engines;
import io.tarbox.wasi.module.WasmModuleLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads plugins: WebAssembly modules that follow the plugin ABI of docs/plugins.md. Each loaded
 * {@link Plugin} has its own instance, memory, limits and worker thread.
 *
 * <pre>{@code
 * PluginHost host = new PluginHost(limits, log);
 * try (Plugin plugin = host.load(wasmBytes)) {
 *     plugin.start(new PluginEnvironment(tenant, fs, config, grants));
 *     byte[] out = plugin.process("/data/in.txt", input);
 * }
 * }</pre>
 */
public final class PluginHost {
    private final PluginLimits limits;
    private final PluginLog log;
    private final Engine engine;
    private final Path cacheDirectory;
    private RunTrace trace;

    /** A host that compiles plugins to JVM bytecode without caching them. */
    public PluginHost(PluginLimits limits, PluginLog log) {
        this(limits, log, Engine.COMPILER, null);
    }

    /**
     * @param engine how plugin code runs
     * @param cacheDirectory where compiled plugins are cached (as for {@code tarbox run}); null for
     *     no cache; ignored by the interpreter
     */
    public PluginHost(PluginLimits limits, PluginLog log, Engine engine, Path cacheDirectory) {
        this.limits = limits;
        this.log = log;
        this.engine = engine;
        this.cacheDirectory = cacheDirectory;
    }

    /** Traces the host calls of the plugins loaded from now on ({@code plugin run --trace}); null for none. */
    public PluginHost trace(RunTrace value) {
        this.trace = value;
        return this;
    }

    /**
     * Checks the module against the ABI, instantiates it (compiling it, unless the engine is the
     * interpreter), runs its start function and {@code _initialize} if any, and reads its manifest.
     * {@code plugin_init} is not called yet: see {@link Plugin#start}.
     *
     * @throws PluginException INVALID_MODULE, MISSING_EXPORT, BAD_MANIFEST, MEMORY_LIMIT (the module
     *     needs more memory at start than allowed), TRAP, TIME_LIMIT
     */
    public Plugin load(byte[] wasm) {
        WasmModule module;
        try {
            module = WasmModuleLoader.parse(wasm);
        } catch (ModuleLoadException e) {
            throw new PluginException(PluginException.Kind.INVALID_MODULE, e.getMessage(), e);
        }
        CallTimer timer = new CallTimer("tarbox-plugin");
        try {
            HostEnvironment env = new HostEnvironment(log, limits.maxOutputBytes());
            List<HostFunction> functions = new HostFunctions(env, timer).all(trace);
            PluginModule checked = PluginModule.check(module, functions);
            MeteredMemory[] memory = new MeteredMemory[1];
            Instance instance = instantiate(module, checked, functions, memory);
            Plugin plugin = new Plugin(instance, memory[0], checked, limits, env, timer);
            plugin.load();
            return plugin;
        } catch (RuntimeException | Error e) {
            timer.close();
            throw e;
        }
    }

    /**
     * Builds the instance without running anything in it: running the start function is the
     * first timed call. The memory's maximum is the module's own, lowered to the limit.
     */
    private Instance instantiate(
            WasmModule module, PluginModule checked, List<HostFunction> functions, MeteredMemory[] memory) {
        MemoryLimits declared = checked.memoryLimits();
        int limitPages = limits.maxMemoryPages();
        String tooLarge = MeteredMemory.tooLargeAtStart(
                "plugin",
                declared.initialPages(),
                Math.min(limitPages, MeteredMemory.ENGINE_MAX_PAGES),
                limits.maxMemoryBytes());
        if (tooLarge != null) {
            throw new PluginException(PluginException.Kind.MEMORY_LIMIT, tooLarge);
        }
        MemoryLimits effective = new MemoryLimits(
                declared.initialPages(),
                Math.min(declared.maximumPages(), Math.min(limitPages, MeteredMemory.ENGINE_MAX_PAGES)));
        try {
            return Instance.builder(module)
                    .withImportValues(ImportValues.builder()
                            .withFunctions(new ArrayList<ImportFunction>(functions))
                            .build())
                    .withMemoryLimits(effective)
                    .withMemoryFactory(l -> memory[0] = new MeteredMemory(new ByteArrayMemory(l), limitPages))
                    .withMachineFactory(Engines.machineFactory(module, engine, cacheDirectory))
                    .withInitialize(false)
                    .withStart(false)
                    .build();
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PluginException(
                    PluginException.Kind.INVALID_MODULE, "cannot instantiate the plugin: " + e.getMessage(), e);
        }
    }
}
