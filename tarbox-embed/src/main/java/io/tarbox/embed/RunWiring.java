package io.tarbox.embed;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HostFilesystem;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunOptions;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.RunStop;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.WasiRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that turns a run's settings into {@link RunOptions} and runs it: {@link Run} wires
 * its runs here, and so does {@code tarbox run}, which adds what only the command has
 * ({@code --invoke}, {@code --trace}, the control files, signals). Preopens are given in the order
 * the program sees them. Holds the host directories it opened until {@link #close}.
 */
public final class RunWiring implements AutoCloseable {
    private final RunOptions.Builder options;
    private final List<FilesystemInterface> hosts = new ArrayList<>();

    /**
     * @param argv the program's arguments, argv[0] first
     * @param env the program's environment, "NAME=VALUE" each
     * @param cacheDirectory where compiled modules are cached; null: not cached
     */
    public RunWiring(
            byte[] binary,
            List<String> argv,
            List<String> env,
            Stdio stdio,
            Engine engine,
            Path cacheDirectory,
            RunLimits limits) {
        options = RunOptions.builder(binary)
                .args(argv)
                .env(env)
                .stdio(stdio)
                .engine(engine)
                .cacheDirectory(cacheDirectory)
                .limits(limits);
    }

    /** A module file's name as the program's argv[0] and the runs' list show it: its file name. */
    public static String programName(Path module) {
        return module.getFileName() == null
                ? module.toString()
                : module.getFileName().toString();
    }

    /** Calls this exported function with {@code arguments} (numbers) instead of {@code _start}. */
    public RunWiring invoke(String function, List<String> arguments) {
        options.invoke(function, arguments);
        return this;
    }

    /** Traces the program's calls (the caller closes the trace's output after the run). */
    public RunWiring trace(RunTrace trace) {
        options.trace(trace);
        return this;
    }

    /** A handle to stop the run from another thread. */
    public RunWiring stop(RunStop stop) {
        options.stop(stop);
        return this;
    }

    /** Preopens directory {@code ino} of the tenant's tree (or scratch tree), seen as {@code guest}. */
    public RunWiring treeDir(FilesystemInterface tree, long ino, String guest, boolean readOnly) {
        return preopen(new Preopen(tree, ino, guest, readOnly));
    }

    /**
     * Opens a host directory (held by handle: the program cannot leave it) and preopens it as
     * {@code guest}; {@link #close} closes it.
     *
     * @throws io.tarbox.core.fs.FsException the directory cannot be opened, or NOT_SUPPORTED where
     *     held directory handles are not available ({@link HostFilesystem#unavailable})
     */
    public RunWiring hostDir(Path host, String guest, boolean readOnly) {
        HostFilesystem fs = new HostFilesystem(host, readOnly);
        hosts.add(fs);
        return preopen(new Preopen(fs, fs.rootIno(), guest, readOnly));
    }

    /** Any other preopen (the control files of {@code tarbox run --control}). */
    public RunWiring preopen(Preopen preopen) {
        options.preopen(preopen);
        return this;
    }

    /** Records the run's file operations in {@code trail}'s audit log; nothing for a null trail or one not audited. */
    public RunWiring trail(RunTrail trail) {
        if (trail != null && trail.audit() != null) {
            options.audit(trail.audit());
        }
        return this;
    }

    /**
     * Runs the program to its end.
     *
     * @throws ModuleLoadException the binary is not a module or component Tarbox can run
     * @throws IllegalArgumentException the invoke arguments do not fit the function's parameters
     */
    public RunOutcome run() throws ModuleLoadException {
        return WasiRun.run(options.build());
    }

    /** Closes the host directories opened; the first failure is thrown once all are closed. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (FilesystemInterface fs : hosts) {
            try {
                fs.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        hosts.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
