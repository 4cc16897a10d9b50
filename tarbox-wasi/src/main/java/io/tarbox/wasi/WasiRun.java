package io.tarbox.wasi;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a WASI command (or one exported function) to completion on the calling thread. Interrupting
 * that thread stops the guest ({@link RunOutcome.Interrupted}). However the run ends, every
 * preopen's filesystem is committed ({@code syncAll}) before this returns.
 */
public final class WasiRun {
    /** What a WASI reactor exports to initialize itself before its other exports are called. */
    private static final String INITIALIZE = "_initialize";

    private WasiRun() {}

    /**
     * @throws ModuleLoadException the module is not valid, needs imports this host lacks, or has no
     *     entry point
     * @throws IllegalArgumentException the invoke arguments do not fit the function's parameters
     */
    public static RunOutcome run(RunOptions options) throws ModuleLoadException {
        WasmModule module = load(options);
        WasiHost host = WasiHost.create(options.args(), options.environ(), options.preopens(), options.stdio());
        List<String> missing = WasmModuleLoader.unsatisfiedImports(module, host.functions());
        if (!missing.isEmpty()) {
            throw new ModuleLoadException(ModuleLoadException.Reason.UNSATISFIED_IMPORTS,
                    "unsatisfied imports: " + String.join(", ", missing));
        }
        String entry = options.invoke() == null ? Instance.START_FUNCTION_NAME : options.invoke();
        FunctionType entryType = exportedFunction(module, entry);
        if (entryType == null) {
            throw new ModuleLoadException(ModuleLoadException.Reason.NO_ENTRY_POINT, options.invoke() == null
                    ? "module exports no _start function (not a WASI command); use --invoke to call an export"
                    : "module exports no function named '" + entry + "'");
        }
        long[] args = InvokeValues.parse(entryType, options.invokeArgs(), entry);

        try {
            Instance.Builder builder = Instance.builder(module)
                    .withImportValues(ImportValues.builder().withFunctions(new ArrayList<>(host.functions())).build())
                    .withMemoryFactory(ByteArrayMemory::new)
                    .withMachineFactory(machine(module, options))
                    .withStart(false);
            memoryLimits(module, options.maxMemoryPages()).ifPresent(builder::withMemoryLimits);
            Instance instance = builder.build();
            if (options.invoke() != null && exportedFunction(module, INITIALIZE) != null) {
                instance.export(INITIALIZE).apply(); // a reactor sets itself up first, as in wasmtime
            }
            ExportFunction function = instance.export(entry);
            long[] results = function.apply(args);
            if (options.invoke() != null) {
                return new RunOutcome.Returned(InvokeValues.format(entryType, results));
            }
            return new RunOutcome.Exited(0);
        } catch (ProcExit e) {
            return new RunOutcome.Exited(e.code);
        } catch (ChicoryInterruptedException e) {
            return new RunOutcome.Interrupted();
        } catch (StackOverflowError e) {
            return new RunOutcome.Trapped("call stack exhausted");
        } catch (ChicoryException e) {
            return new RunOutcome.Trapped(trapMessage(e));
        } finally {
            finish(host, options.stdio());
        }
    }

    /**
     * Parses the module; validates it unless the compiler will load it from the cache, where only
     * modules that were validated before compiling are stored (validation is a large part of the
     * start-up of a cached run).
     */
    private static WasmModule load(RunOptions options) throws ModuleLoadException {
        if (options.engine() == Engine.COMPILER && options.cacheDirectory() != null) {
            WasmModule module = WasmModuleLoader.parse(options.module(), false);
            if (new ModuleCache(options.cacheDirectory()).contains(module.digest())) {
                return module;
            }
        }
        return WasmModuleLoader.parse(options.module());
    }

    /** Commits the preopens and flushes stdio with the interrupt flag cleared, then restores it. */
    private static void finish(WasiHost host, Stdio stdio) {
        boolean interrupted = Thread.interrupted();
        try {
            host.syncAll();
            flushQuietly(stdio);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void flushQuietly(Stdio stdio) {
        try {
            stdio.out().flush();
            stdio.err().flush();
        } catch (IOException e) {
            // the guest's output is gone (closed pipe); nothing to report it to
        }
    }

    private static Function<Instance, Machine> machine(WasmModule module, RunOptions options) {
        if (options.engine() == Engine.INTERPRETER) {
            return InterpreterMachine::new;
        }
        MachineFactoryCompiler.Builder compiler = MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT);
        if (options.cacheDirectory() != null) {
            compiler.withCache(new ModuleCache(options.cacheDirectory()));
        }
        return compiler.compile();
    }

    private static java.util.Optional<MemoryLimits> memoryLimits(WasmModule module, Integer maxPages) {
        if (maxPages == null || module.memorySection().isEmpty()
                || module.memorySection().get().memoryCount() == 0) {
            return java.util.Optional.empty();
        }
        MemoryLimits declared = module.memorySection().get().getMemory(0).limits();
        int max = Math.min(declared.maximumPages(), maxPages);
        return java.util.Optional.of(new MemoryLimits(Math.min(declared.initialPages(), max), max, declared.shared()));
    }

    private static FunctionType exportedFunction(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
                return functionType(module, export.index());
            }
        }
        return null;
    }

    private static FunctionType functionType(WasmModule module, int index) {
        int imported = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            var imp = module.importSection().getImport(i);
            if (imp instanceof com.dylibso.chicory.wasm.types.FunctionImport) {
                if (imported == index) {
                    return module.typeSection().getType(((com.dylibso.chicory.wasm.types.FunctionImport) imp).typeIndex());
                }
                imported++;
            }
        }
        return module.functionSection().getFunctionType(index - imported, module.typeSection());
    }

    private static String trapMessage(ChicoryException e) {
        Throwable t = e;
        while (t.getCause() instanceof ChicoryException && t.getMessage() != null
                && t.getMessage().equals(t.getCause().getMessage())) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Turns --invoke arguments into wasm values and results back into text. */
    static final class InvokeValues {
        private InvokeValues() {}

        static long[] parse(FunctionType type, List<String> values, String function) {
            List<ValType> params = type.params();
            if (params.size() != values.size()) {
                throw new IllegalArgumentException("function '" + function + "' takes " + params.size()
                        + " argument(s) " + ModuleInspector.signature(type) + ", got " + values.size());
            }
            long[] out = new long[params.size()];
            for (int i = 0; i < out.length; i++) {
                String value = values.get(i).trim();
                ValType t = params.get(i);
                try {
                    if (t.equals(ValType.I32)) {
                        long v = Long.parseLong(value);
                        if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) {
                            throw new NumberFormatException("out of range for i32");
                        }
                        out[i] = (int) v;
                    } else if (t.equals(ValType.I64)) {
                        out[i] = value.startsWith("-") ? Long.parseLong(value) : Long.parseUnsignedLong(value);
                    } else if (t.equals(ValType.F32)) {
                        out[i] = Float.floatToRawIntBits(Float.parseFloat(value));
                    } else if (t.equals(ValType.F64)) {
                        out[i] = Double.doubleToRawLongBits(Double.parseDouble(value));
                    } else {
                        throw new IllegalArgumentException("cannot pass a " + ModuleInspector.name(t)
                                + " argument from the command line");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("argument " + (i + 1) + " of '" + function + "': '" + value
                            + "' is not a valid " + ModuleInspector.name(t));
                }
            }
            return out;
        }

        static List<String> format(FunctionType type, long[] results) {
            List<String> out = new ArrayList<>();
            List<ValType> returns = type.returns();
            for (int i = 0; i < returns.size() && results != null && i < results.length; i++) {
                ValType t = returns.get(i);
                long v = results[i];
                if (t.equals(ValType.I32)) {
                    out.add(Integer.toString((int) v));
                } else if (t.equals(ValType.I64)) {
                    out.add(Long.toString(v));
                } else if (t.equals(ValType.F32)) {
                    out.add(Float.toString(Float.intBitsToFloat((int) v)));
                } else if (t.equals(ValType.F64)) {
                    out.add(Double.toString(Double.longBitsToDouble(v)));
                } else {
                    out.add(Long.toString(v));
                }
            }
            return out;
        }
    }
}
