package io.tarbox.wasi.module;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.tarbox.wasi.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * How a module's code is executed, for {@code tarbox run} and the plugin host alike: Chicory's
 * interpreter, or its compiler to JVM bytecode (functions it cannot compile are interpreted
 * silently) with the compiled classes cached on disk. Compiled code passes the JVM's verifier
 * before it runs ({@link ClassVerification}).
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
        // Chicory hands a cache what it compiled only for a module with a digest; without a cache or
        // a digest, only a JVM that verifies classes itself may run the compiled code unseen.
        Cache handedTo = cache;
        if ((cache == null || module.digest() == null) && !ClassVerification.thisJvmVerifies()) {
            if (module.digest() == null) {
                throw new IllegalStateException("cannot verify the compiled code of a module without a digest"
                        + " in a JVM that does not verify classes");
            }
            handedTo = VERIFY_ONLY; // the compiled code must be seen, though not stored
        }
        return MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .withCache(handedTo)
                .compile();
    }

    /** What the compiler makes is only verified ({@link ClassVerification}), not stored. */
    private static final Cache VERIFY_ONLY = new Cache() {
        @Override
        public byte[] get(String key) {
            return null;
        }

        @Override
        public void putIfAbsent(String key, byte[] data) throws IOException {
            ClassVerification.ensureVerified(data);
        }
    };
}
