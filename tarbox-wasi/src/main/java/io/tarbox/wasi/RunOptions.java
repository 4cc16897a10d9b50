package io.tarbox.wasi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run needs. Build with {@link #builder(byte[])}.
 *
 * @param module the module's bytes
 * @param args the guest's argv, program name first (wasmtime passes the module's file name)
 * @param environ "KEY=VALUE" strings, in order
 * @param preopens descriptors 3, 4, ... in order
 * @param stdio descriptors 0, 1, 2
 * @param engine compiler (default) or interpreter
 * @param cacheDirectory where compiled modules are cached; null for no cache
 * @param invoke the export to call instead of {@code _start}; null to run {@code _start}
 * @param invokeArgs the invoked function's arguments, as decimal numbers
 * @param limits memory, time, fuel, output, open files, file size ({@link RunLimits#NONE} by default)
 * @param audit where the run's file operations are recorded; null to record nothing
 * @param stop how another thread may stop the run (a signal); null when none will
 * @param trace where every host call is traced ({@code run --trace}); null for no trace
 */
public record RunOptions(
        byte[] module,
        List<String> args,
        List<String> environ,
        List<Preopen> preopens,
        Stdio stdio,
        Engine engine,
        Path cacheDirectory,
        String invoke,
        List<String> invokeArgs,
        RunLimits limits,
        RunAudit audit,
        RunStop stop,
        RunTrace trace) {

    public RunOptions {
        Objects.requireNonNull(module, "module");
        args = List.copyOf(args);
        environ = List.copyOf(environ);
        preopens = List.copyOf(preopens);
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(engine, "engine");
        invokeArgs = List.copyOf(invokeArgs);
        Objects.requireNonNull(limits, "limits");
    }

    public static Builder builder(byte[] module) {
        return new Builder(module);
    }

    /**
     * Defaults: argv ["main.wasm"], no environment, no preopens, inherited stdio, compiler, no cache,
     * no limits.
     */
    public static final class Builder {
        private final byte[] module;
        private List<String> args = List.of("main.wasm");
        private final List<String> environ = new ArrayList<>();
        private final List<Preopen> preopens = new ArrayList<>();
        private Stdio stdio;
        private Engine engine = Engine.COMPILER;
        private Path cacheDirectory;
        private String invoke;
        private List<String> invokeArgs = List.of();
        private RunLimits limits = RunLimits.NONE;
        private RunAudit audit;
        private RunStop stop;
        private RunTrace trace;

        private Builder(byte[] module) {
            this.module = module;
        }

        public Builder args(List<String> argv) {
            this.args = List.copyOf(argv);
            return this;
        }

        public Builder env(String keyValue) {
            environ.add(keyValue);
            return this;
        }

        public Builder env(List<String> keyValues) {
            environ.addAll(keyValues);
            return this;
        }

        public Builder preopen(Preopen preopen) {
            preopens.add(preopen);
            return this;
        }

        public Builder stdio(Stdio value) {
            this.stdio = value;
            return this;
        }

        public Builder engine(Engine value) {
            this.engine = value;
            return this;
        }

        public Builder cacheDirectory(Path value) {
            this.cacheDirectory = value;
            return this;
        }

        public Builder invoke(String function, List<String> arguments) {
            this.invoke = function;
            this.invokeArgs = List.copyOf(arguments);
            return this;
        }

        public Builder limits(RunLimits value) {
            this.limits = value;
            return this;
        }

        public Builder stop(RunStop value) {
            this.stop = value;
            return this;
        }

        public Builder audit(RunAudit value) {
            this.audit = value;
            return this;
        }

        public Builder trace(RunTrace value) {
            this.trace = value;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(
                    module,
                    args,
                    environ,
                    preopens,
                    stdio == null ? Stdio.inherit() : stdio,
                    engine,
                    cacheDirectory,
                    invoke,
                    invokeArgs,
                    limits,
                    audit,
                    stop,
                    trace);
        }
    }
}
