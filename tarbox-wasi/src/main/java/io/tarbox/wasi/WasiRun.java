package io.tarbox.wasi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.component.binary.ComponentDecoder;
import io.tarbox.wasi.host.ProcExit;
import io.tarbox.wasi.host.WasiHost;
import io.tarbox.wasi.limits.CallTimer;
import io.tarbox.wasi.limits.FuelMeter;
import io.tarbox.wasi.limits.GuestInterrupt;
import io.tarbox.wasi.limits.LimitExceededException;
import io.tarbox.wasi.limits.LimitedOutput;
import io.tarbox.wasi.limits.MeteredMemory;
import io.tarbox.wasi.module.Engines;
import io.tarbox.wasi.module.ModuleCache;
import io.tarbox.wasi.module.ModuleInspector;
import io.tarbox.wasi.module.WasmModuleLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs a WASI command (or one exported function) to completion on the calling thread, or with a
 * timeout on a worker thread. A WASI 0.2 component (told apart by its binary header) is run by
 * {@link ComponentRun} under the same options, limits and outcomes. Interrupting the calling thread stops the guest
 * ({@link RunOutcome.Interrupted}); a limit of {@link RunLimits} stops it with
 * {@link RunOutcome.LimitReached}. However the run ends, every preopen's filesystem is committed
 * ({@code syncAll}) before this returns.
 */
public final class WasiRun {
    /** Host functions that may be interrupted at a deadline: waiting is all they do. */
    private static final Set<String> INTERRUPTIBLE = Set.of("poll_oneoff", "sched_yield");
    /** What a WASI reactor exports to initialize itself before its other exports are called. */
    private static final String INITIALIZE = "_initialize";

    private WasiRun() {}

    /**
     * @throws ModuleLoadException the module is not valid, needs imports this host lacks, or has no
     *     entry point
     * @throws IllegalArgumentException the invoke arguments do not fit the function's parameters
     */
    public static RunOutcome run(RunOptions options) throws ModuleLoadException {
        if (ComponentDecoder.isComponent(options.module())) {
            return ComponentRun.run(options);
        }
        ModuleCache cache = moduleCache(options);
        WasmModule module = WasmModuleLoader.parse(options.module(), engine(options), cache);
        RunLimits limits = options.limits();
        WasiHost host = WasiHost.create(
                options.args(),
                options.environ(),
                options.preopens(),
                LimitedOutput.limit(options.stdio(), limits.maxOutputBytes()),
                limits,
                options.audit(),
                options.trace());
        List<String> missing = WasmModuleLoader.unsatisfiedImports(module, host.functions());
        if (!missing.isEmpty()) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.UNSATISFIED_IMPORTS,
                    "unsatisfied imports: " + String.join(", ", missing));
        }
        String entry = options.invoke() == null ? Instance.START_FUNCTION_NAME : options.invoke();
        FunctionType entryType = exportedFunction(module, entry);
        if (entryType == null) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.NO_ENTRY_POINT,
                    options.invoke() == null
                            ? "module exports no _start function (not a WASI command); use --invoke to call an export"
                            : "module exports no function named '" + entry + "'");
        }
        long[] args = InvokeValues.parse(entryType, options.invokeArgs(), entry);

        CallTimer timer = limits.timeoutMillis() == RunLimits.UNLIMITED ? null : new CallTimer("tarbox-run");
        // Without a timer the guest runs on this thread, and a stop from outside interrupts it.
        GuestInterrupt stopped = timer == null && options.stop() != null ? new GuestInterrupt("run stopped") : null;
        if (timer != null && options.stop() != null) {
            options.stop().attach(timer::stop);
        }
        try {
            MeteredMemory[] memory = new MeteredMemory[1];
            Optional<MemoryLimits> memoryLimits = memoryLimits(module, limits);
            String tooLarge = memoryLimits.isEmpty()
                    ? null
                    : MeteredMemory.tooLargeAtStart(
                            "the module",
                            memoryLimits.get().initialPages(),
                            limits.maxMemoryPages(),
                            limits.maxMemoryBytes());
            if (tooLarge != null) {
                return new RunOutcome.LimitReached(RunLimit.MEMORY, tooLarge);
            }
            Instance.Builder builder = Instance.builder(module)
                    .withImportValues(ImportValues.builder()
                            .withFunctions(new ArrayList<>(guarded(host.functions(), timer, stopped)))
                            .build())
                    .withMemoryFactory(l -> MeteredMemory.needed(limits.maxMemoryPages())
                            ? (memory[0] = new MeteredMemory(new ByteArrayMemory(l), limits.maxMemoryPages()))
                            : new ByteArrayMemory(l))
                    .withMachineFactory(Engines.machineFactory(module, engine(options), cache))
                    .withStart(false);
            memoryLimits.ifPresent(builder::withMemoryLimits);
            if (limits.fuel() != RunLimits.UNLIMITED) {
                builder.withUnsafeExecutionListener(new FuelMeter(limits.fuel()));
            }
            Instance instance = builder.build();
            // A reactor sets itself up first, as in wasmtime; that is guest code, under the limits.
            ExportFunction initialize = options.invoke() != null && exportedFunction(module, INITIALIZE) != null
                    ? instance.export(INITIALIZE)
                    : null;
            ExportFunction function = instance.export(entry);
            Callable<RunOutcome> body = () -> execute(initialize, function, args, entryType, options.invoke() != null);
            if (stopped != null) {
                stopped.bind(Thread.currentThread());
                options.stop().attach(stopped::fire);
            }
            RunOutcome outcome = timer == null ? body.call() : timed(timer, limits, body);
            return memory[0] != null && memory[0].refusedForLimit() ? afterMemoryRefused(outcome, limits) : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunOutcome.Interrupted();
        } catch (LimitExceededException e) {
            return new RunOutcome.LimitReached(e.limit, e.getMessage()); // in the module's start function
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // execute() throws no checked exception
        } finally {
            if (options.stop() != null) {
                options.stop().detach();
            }
            if (stopped != null) {
                stopped.unbind();
                if (stopped.fired()) {
                    Thread.interrupted(); // the stop's interrupt, not one the caller asked for
                }
            }
            if (timer != null) {
                timer.close();
            }
            finish(host::finish, options.stdio());
        }
    }

    /** Fuel is counted by the interpreter, so a run with fuel is always interpreted. */
    /** The run's compiled-module cache, one instance for decoding and compiling; null for none. */
    static ModuleCache moduleCache(RunOptions options) {
        return options.cacheDirectory() == null ? null : new ModuleCache(options.cacheDirectory());
    }

    static Engine engine(RunOptions options) {
        return options.limits().fuel() != RunLimits.UNLIMITED ? Engine.INTERPRETER : options.engine();
    }

    /** Calls {@code initialize} (if any), then the entry point, and turns how it ended into an outcome. */
    private static RunOutcome execute(
            ExportFunction initialize, ExportFunction function, long[] args, FunctionType type, boolean invoked) {
        try {
            if (initialize != null) {
                initialize.apply();
            }
            long[] results = function.apply(args);
            return invoked ? new RunOutcome.Returned(InvokeValues.format(type, results)) : new RunOutcome.Exited(0);
        } catch (ProcExit e) {
            return new RunOutcome.Exited(e.code);
        } catch (LimitExceededException e) {
            return new RunOutcome.LimitReached(e.limit, e.getMessage());
        } catch (ChicoryInterruptedException e) {
            return new RunOutcome.Interrupted();
        } catch (StackOverflowError e) {
            return new RunOutcome.Trapped("call stack exhausted");
        } catch (ChicoryException e) {
            return new RunOutcome.Trapped(trapMessage(e));
        }
    }

    /** Runs the guest on the timer's worker; at the deadline it is interrupted. */
    static RunOutcome timed(CallTimer timer, RunLimits limits, Callable<RunOutcome> body) throws InterruptedException {
        CallTimer.Outcome<RunOutcome> outcome = timer.run(limits.timeoutMillis(), body);
        if (outcome.timedOut()) {
            return new RunOutcome.LimitReached(
                    RunLimit.TIME,
                    "time limit of " + limits.timeoutMillis() + " ms reached"
                            + (outcome.abandoned()
                                    ? "; the program was blocked in a host call and was abandoned"
                                    : ""));
        }
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.value();
    }

    /** The host functions guarded by the timer, or else by the stop from outside, if any. */
    private static List<HostFunction> guarded(List<HostFunction> functions, CallTimer timer, GuestInterrupt stopped) {
        if (timer != null) {
            return timed(functions, timer::enterHost, timer::exitHost);
        }
        return stopped == null ? functions : timed(functions, stopped::enterHost, stopped::exitHost);
    }

    /**
     * The host functions with a guard around them: an interrupt (a deadline's, a stop's) waits until
     * a host function has returned (so storage is never left half-written), except in those that
     * only wait.
     */
    private static List<HostFunction> timed(List<HostFunction> functions, Runnable enterHost, Runnable exitHost) {
        List<HostFunction> out = new ArrayList<>(functions.size());
        for (HostFunction f : functions) {
            if (INTERRUPTIBLE.contains(f.name())) {
                out.add(f);
                continue;
            }
            WasmFunctionHandle handle = f.handle();
            out.add(new HostFunction(
                    f.module(), f.name(), FunctionType.of(f.paramTypes(), f.returnTypes()), (instance, args) -> {
                        enterHost.run();
                        try {
                            return handle.apply(instance, args);
                        } finally {
                            exitHost.run();
                        }
                    }));
        }
        return out;
    }

    /**
     * A program that fails (traps or exits non-zero) after memory.grow was refused for the limit
     * ran out of memory: that is reported, naming what it did then.
     */
    static RunOutcome afterMemoryRefused(RunOutcome outcome, RunLimits limits) {
        String then;
        if (outcome instanceof RunOutcome.Trapped trapped) {
            then = "the program trapped: " + trapped.message();
        } else if (outcome instanceof RunOutcome.Exited exited && exited.code() != 0) {
            then = "the program exited with " + exited.code();
        } else {
            return outcome;
        }
        return new RunOutcome.LimitReached(
                RunLimit.MEMORY,
                "memory limit of " + limits.maxMemoryBytes() + " bytes reached (memory.grow refused); " + then);
    }

    /**
     * Ends the host's run ({@code hostFinish}: a WASI host's, or a WASI 0.2 host's) and flushes
     * stdio, with the interrupt flag cleared, then restores it.
     */
    static void finish(Runnable hostFinish, Stdio stdio) {
        boolean interrupted = Thread.interrupted();
        try {
            hostFinish.run();
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

    /**
     * Memory 0's limits with the maximum lowered to the memory limit and to what the engine holds
     * ({@link MeteredMemory#ENGINE_MAX_PAGES}); empty without a memory.
     */
    static Optional<MemoryLimits> memoryLimits(WasmModule module, RunLimits limits) {
        if (module.memorySection().isEmpty() || module.memorySection().get().memoryCount() == 0) {
            return Optional.empty();
        }
        MemoryLimits declared = module.memorySection().get().getMemory(0).limits();
        int max = Math.min(declared.maximumPages(), limits.maxMemoryPages());
        return Optional.of(
                new MemoryLimits(declared.initialPages(), Math.max(max, declared.initialPages()), declared.shared()));
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
                    return module.typeSection()
                            .getType(((com.dylibso.chicory.wasm.types.FunctionImport) imp).typeIndex());
                }
                imported++;
            }
        }
        return module.functionSection().getFunctionType(index - imported, module.typeSection());
    }

    static String trapMessage(ChicoryException e) {
        Throwable t = e;
        while (t.getCause() instanceof ChicoryException
                && t.getMessage() != null
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
                        throw new IllegalArgumentException(
                                "cannot pass a " + ModuleInspector.name(t) + " argument from the command line");
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
