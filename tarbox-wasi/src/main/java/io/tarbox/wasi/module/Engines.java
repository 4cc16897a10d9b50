package io.tarbox.wasi.module;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.tarbox.wasi.Engine;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * How a module's code is executed, for {@code tarbox run} and the plugin host alike: Chicory's
 * interpreter, or its compiler to JVM bytecode (functions it cannot compile are interpreted
 * silently) with the compiled classes cached on disk.
 */
public final class Engines {
    private Engines() {}

    /**
     * The machine factory to give {@code Instance.Builder.withMachineFactory}.
     *
     * @param cacheDirectory root of the compiled-module cache ({@link ModuleCache}); null for no
     *     cache; ignored by the interpreter
     */
    public static Function<Instance, Machine> machineFactory(WasmModule module, Engine engine, Path cacheDirectory) {
        return machineFactory(module, engine, cacheDirectory == null ? null : new ModuleCache(cacheDirectory));
    }

    /**
     * As above, with the cache that {@code module} was decoded against
     * ({@link WasmModuleLoader#parse(byte[], Engine, ModuleCache)}).
     */
    public static Function<Instance, Machine> machineFactory(WasmModule module, Engine engine, ModuleCache cache) {
        if (engine == Engine.INTERPRETER) {
            return InterpreterMachine::new;
        }
        MachineFactoryCompiler.Builder compiler =
                MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT);
        if (cache != null) {
            compiler.withCache(cache);
        }
        return compiler.compile();
    }
}
