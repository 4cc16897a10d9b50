package io.tarbox.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import io.tarbox.component.ComponentException;
import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.link.ComponentFunc;
import io.tarbox.component.link.ComponentInstance;
import io.tarbox.component.link.ComponentLinker;
import io.tarbox.component.model.Component;
import io.tarbox.component.types.FuncType;
import io.tarbox.component.wave.Wave;
import io.tarbox.component.wave.WaveException;
import io.tarbox.wasi.host.ProcExit;
import io.tarbox.wasi.limits.CallTimer;
import io.tarbox.wasi.limits.LimitExceededException;
import io.tarbox.wasi.limits.LimitedOutput;
import io.tarbox.wasi.module.ComponentLoader;
import io.tarbox.wasi.p2.P2Host;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a WASI 0.2 component: decodes it, refuses it (every unsatisfied import listed) before
 * anything runs if it imports what the {@link P2Host} lacks, instantiates it, and calls its
 * {@code wasi:cli/run} export (or, with --invoke, any exported function). Limits, the timeout,
 * fuel, the audit trail and the final commit work as for a module ({@link WasiRun}).
 */
final class ComponentRun {
    private static final String RUN_INTERFACE = "wasi:cli/run@";

    private ComponentRun() {}

    static RunOutcome run(RunOptions options) throws ModuleLoadException {
        Component component = ComponentLoader.decode(options.module());
        RunLimits limits = options.limits();
        CallTimer timer = limits.timeoutMillis() == RunLimits.UNLIMITED ? null : new CallTimer("tarbox-run");
        Stdio stdio = LimitedOutput.limit(options.stdio(), limits.maxOutputBytes());
        ComponentCoreRuntime runtime = new ComponentCoreRuntime(options);
        runtime.parseAhead(component);
        // The host keeps its trees' unlinked inodes from here until its finish, below.
        P2Host host = new P2Host(
                options.args(),
                options.environ(),
                options.preopens(),
                stdio,
                limits,
                options.audit(),
                timer == null
                        ? null
                        : new P2Host.Guard() {
                            @Override
                            public void enter() {
                                timer.enterHost();
                            }

                            @Override
                            public void exit() {
                                timer.exitHost();
                            }
                        },
                options.trace());
        try {
            List<String> missing = ComponentLinker.unsatisfiedImports(component, host);
            if (!missing.isEmpty()) {
                throw new ModuleLoadException(
                        ModuleLoadException.Reason.UNSATISFIED_IMPORTS,
                        "unsatisfied imports: " + String.join(", ", missing));
            }
            ComponentInstance instance = instantiate(component, host, runtime);
            ComponentFunc entry = entry(instance, options.invoke());
            Object[] args = options.invoke() == null
                    ? new Object[0]
                    : arguments(entry.type(), options.invokeArgs(), options.invoke());
            Callable<RunOutcome> body = () -> execute(entry, args, options.invoke() != null);
            RunOutcome outcome = timer == null ? body.call() : WasiRun.timed(timer, limits, body);
            return runtime.memoryRefused() ? WasiRun.afterMemoryRefused(outcome, limits) : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunOutcome.Interrupted();
        } catch (LimitExceededException e) {
            return new RunOutcome.LimitReached(e.limit, e.getMessage()); // in a core module's start function
        } catch (ProcExit e) {
            return new RunOutcome.Exited(e.code); // in a start function
        } catch (ChicoryException e) {
            return new RunOutcome.Trapped(WasiRun.trapMessage(e)); // in a start function
        } catch (RuntimeException | ModuleLoadException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // execute() throws no checked exception
        } finally {
            if (timer != null) {
                timer.close();
            }
            WasiRun.finish(host::finish, options.stdio());
        }
    }

    private static ComponentInstance instantiate(Component component, P2Host host, ComponentCoreRuntime runtime)
            throws ModuleLoadException {
        try {
            return ComponentLinker.instantiate(component, host, runtime);
        } catch (ComponentException e) {
            throw ComponentLoader.loadException(e);
        }
    }

    /** {@code wasi:cli/run}'s run, or the function --invoke names. */
    private static ComponentFunc entry(ComponentInstance instance, String invoke) throws ModuleLoadException {
        if (invoke == null) {
            for (String name : instance.exports().keySet()) {
                if (name.startsWith(RUN_INTERFACE)) {
                    ComponentFunc run = instance.function(name + "#run");
                    if (run != null && run.type().params.isEmpty()) {
                        return run;
                    }
                }
            }
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.NO_ENTRY_POINT,
                    "component exports no wasi:cli/run (not a command); use --invoke to call one of its functions: "
                            + String.join(", ", instance.functions().keySet()));
        }
        ComponentFunc f = instance.function(invoke);
        if (f == null) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.NO_ENTRY_POINT,
                    "component exports no function named '" + invoke + "'; it exports: "
                            + String.join(", ", instance.functions().keySet()));
        }
        return f;
    }

    /**
     * The --invoke arguments, one WAVE value per parameter.
     *
     * @throws IllegalArgumentException the count or a value does not fit the function's type
     */
    static Object[] arguments(FuncType type, List<String> values, String function) {
        if (values.size() != type.params.size()) {
            throw new IllegalArgumentException("function '" + function + "' takes " + type.params.size()
                    + " argument(s) " + type + ", got " + values.size());
        }
        Object[] out = new Object[values.size()];
        for (int i = 0; i < out.length; i++) {
            FuncType.Param p = type.params.get(i);
            try {
                out[i] = Wave.parse(p.type(), values.get(i));
            } catch (WaveException e) {
                throw new IllegalArgumentException("argument " + (i + 1) + " (" + p.name() + ": " + p.type() + ") of '"
                        + function + "' is not a WAVE value of its type: " + e.getMessage());
            }
        }
        return out;
    }

    private static RunOutcome execute(ComponentFunc entry, Object[] args, boolean invoked) {
        try {
            Object result = entry.call(args);
            if (invoked) {
                return new RunOutcome.Returned(
                        entry.type().result == null ? List.of() : List.of(Wave.format(entry.type().result, result)));
            }
            return new RunOutcome.Exited(result instanceof ResultValue r && !r.isOk() ? 1 : 0);
        } catch (ProcExit e) {
            return new RunOutcome.Exited(e.code);
        } catch (LimitExceededException e) {
            return new RunOutcome.LimitReached(e.limit, e.getMessage());
        } catch (ChicoryInterruptedException e) {
            return new RunOutcome.Interrupted();
        } catch (StackOverflowError e) {
            return new RunOutcome.Trapped("call stack exhausted");
        } catch (ChicoryException e) {
            return new RunOutcome.Trapped(WasiRun.trapMessage(e));
        }
    }
}
