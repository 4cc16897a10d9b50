package io.tarbox.embed;

import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.RunStop;
import io.tarbox.wasi.Stdio;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a WebAssembly program (a WASI preview 1 command module or a WASI 0.2 command
 * component) on a tenant's tree, described step by step and started by {@link #execute()}. Made by
 * {@link Tenant#run}. Nothing is shared between runs: a {@code Run} may be executed once.
 *
 * <p>What the program sees: its arguments (argv[0] is the module's file name), the environment
 * variables given here and no others, the directories given with {@link #dir} (of the tenant's
 * tree) and {@link #hostDir} (of the host), and the three stdio streams (by default empty stdin,
 * output discarded). Limits are {@link RunLimits} (by default at most 1024 open files, nothing else).
 *
 * <p>What the tree keeps depends on the {@link Mode}: everything ({@link Mode#PERSISTENT}, as
 * {@code tarbox run}), everything only if the program exits 0 ({@link Mode#ATOMIC}), nothing
 * ({@link Mode#EPHEMERAL}). Files to read from the tree as the program left it (also in an ephemeral
 * run) are named with {@link #collect}.
 *
 * <p>On a SQL store the run is recorded as {@code tarbox run} records it: a row in the tenant's
 * {@code runs} and its file operations in the audit trail.
 */
public final class Run {
    /** What the tree keeps of a run's changes. */
    public enum Mode {
        /** Every change is committed as the program makes it ({@code tarbox run}). */
        PERSISTENT,
        /** The changes become visible all at once if the program exits 0; otherwise none do ({@code --atomic}). */
        ATOMIC,
        /** The changes are discarded when the program ends ({@code --ephemeral}). */
        EPHEMERAL
    }

    private record Dir(String path, String guest, boolean readOnly) {}

    private final TarboxStore store;
    private final String tenant;
    private final byte[] binary;
    private final String argv0;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Dir> dirs = new ArrayList<>();
    private final List<Dir> hostDirs = new ArrayList<>();
    private final List<String> collect = new ArrayList<>();
    private InputStream stdin = InputStream.nullInputStream();
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private RunLimits limits = RunLimits.DEFAULT;
    private Mode mode = Mode.PERSISTENT;
    private Engine engine = Engine.COMPILER;
    private Path cacheDirectory;
    private RunStop stop;
    private boolean executed;

    Run(TarboxStore store, String tenant, byte[] binary, String argv0) {
        this.store = store;
        this.tenant = tenant;
        this.binary = Objects.requireNonNull(binary, "binary");
        this.argv0 = argv0;
    }

    /** Appends arguments (after argv[0]). */
    public Run args(String... values) {
        return args(List.of(values));
    }

    /** Appends arguments (after argv[0]). */
    public Run args(List<String> values) {
        args.addAll(values);
        return this;
    }

    /** The guest's argv[0] (default: the module's file name, or "module.wasm"). */
    public Run argv0(String value) {
        return new Run(store, tenant, binary, value).copyFrom(this);
    }

    /** Sets an environment variable (a later value for the same name wins). */
    public Run env(String name, String value) {
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Preopens directory {@code path} of the tenant's tree, seen by the program under the same name. */
    public Run dir(String path) {
        return dir(path, path, false);
    }

    /**
     * Preopens directory {@code path} of the tenant's tree, seen by the program as {@code guestPath};
     * {@code readOnly}: every change through it fails with EPERM. The directory must exist.
     */
    public Run dir(String path, String guestPath, boolean readOnly) {
        dirs.add(new Dir(path, guestPath, readOnly));
        return this;
    }

    /** Preopens a host directory (held by handle: the program cannot leave it), seen as {@code guestPath}. */
    public Run hostDir(Path hostPath, String guestPath, boolean readOnly) {
        hostDirs.add(new Dir(hostPath.toString(), guestPath, readOnly));
        return this;
    }

    /** The program's standard input (default: empty). */
    public Run stdin(InputStream in) {
        stdin = Objects.requireNonNull(in, "in");
        return this;
    }

    /** The program's standard input, as UTF-8 text. */
    public Run stdin(String text) {
        return stdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Where the program's standard output goes (default: discarded); flushed after each write. */
    public Run stdout(OutputStream out) {
        stdout = Objects.requireNonNull(out, "out");
        return this;
    }

    /** Where the program's standard error goes (default: discarded); flushed after each write. */
    public Run stderr(OutputStream err) {
        stderr = Objects.requireNonNull(err, "err");
        return this;
    }

    /** The run's limits (see docs/limits.md); replaces any set before, {@link #timeout} included. */
    public Run limits(RunLimits value) {
        limits = Objects.requireNonNull(value, "limits");
        return this;
    }

    /** Stops the program after this much wall-clock time ({@link RunOutcome.LimitReached}). */
    public Run timeout(Duration value) {
        limits = limits.withTimeoutMillis(Math.max(1, value.toMillis()));
        return this;
    }

    /** What the tree keeps of the run's changes (default {@link Mode#PERSISTENT}). */
    public Run mode(Mode value) {
        mode = Objects.requireNonNull(value, "mode");
        return this;
    }

    /** Chicory's compiler (the default) or its interpreter. */
    public Run engine(Engine value) {
        engine = Objects.requireNonNull(value, "engine");
        return this;
    }

    /** Keeps compiled modules in this directory, so that the next run of the same module starts fast. */
    public Run cacheDirectory(Path value) {
        cacheDirectory = value;
        return this;
    }

    /** A handle to stop the run from another thread ({@link RunStop#stop}). */
    public Run stop(RunStop value) {
        stop = value;
        return this;
    }

    /** Reads these files of the tree as the program left them, into {@link RunResult#file}. */
    public Run collect(String... paths) {
        collect.addAll(List.of(paths));
        return this;
    }

    /**
     * Runs the program to its end and returns how it ended. The tree is committed (or published,
     * or discarded, by the {@link Mode}) before this returns.
     *
     * @throws ModuleLoadException the binary is not a module or component Tarbox can run
     * @throws io.tarbox.core.fs.FsException a preopen directory is missing (NOT_FOUND,
     *     NOT_DIRECTORY), the tenant is unknown, the changes could not be committed or published
     */
    public RunResult execute() throws ModuleLoadException {
        if (executed) {
            throw new IllegalStateException("a Run is executed once");
        }
        executed = true;
        List<String> argv = new ArrayList<>();
        argv.add(argv0);
        argv.addAll(args);
        List<String> environ = new ArrayList<>();
        env.forEach((k, v) -> environ.add(k + "=" + v));
        LayeredFilesystem tree = null;
        boolean published = false;
        try (RunWiring wiring = new RunWiring(
                binary, argv, environ, new Stdio(stdin, stdout, stderr, false), engine, cacheDirectory, limits)) {
            if (stop != null) {
                wiring.stop(stop);
            }
            for (Dir host : hostDirs) {
                wiring.hostDir(Path.of(host.path()), host.guest(), host.readOnly());
            }
            RunTrail trail = null;
            if (!dirs.isEmpty() || !collect.isEmpty()) {
                tree = mode == Mode.PERSISTENT ? store.openFilesystem(tenant) : store.openScratch(tenant);
                TreeFiles files = new TreeFiles(tree);
                for (Dir dir : dirs) {
                    wiring.treeDir(tree, files.directory(dir.path()), dir.guest(), dir.readOnly());
                }
                trail = RunTrail.start(store, tenant, tree, argv0, binary, true);
                wiring.trail(trail);
            }
            RunOutcome outcome = null;
            try {
                outcome = wiring.run();
            } finally {
                if (trail != null) {
                    trail.finish(outcome == null ? 70 : outcome.exitCode()); // null: Tarbox itself failed
                }
            }
            Map<String, Optional<byte[]>> collected = new LinkedHashMap<>();
            if (tree != null) {
                TreeFiles files = new TreeFiles(tree);
                for (String path : collect) {
                    collected.put(path, files.readFile(path));
                }
                if (mode == Mode.ATOMIC && outcome instanceof RunOutcome.Exited exited && exited.code() == 0) {
                    LayeredFilesystem publishing = tree;
                    tree = null;
                    publishing.publish();
                    published = true;
                }
            }
            return new RunResult(outcome, collected, published, trail == null ? null : trail.runId());
        } finally {
            if (tree != null) {
                tree.close(); // commits a persistent tree, discards an unpublished scratch layer
            }
        }
    }

    private Run copyFrom(Run other) {
        args.addAll(other.args);
        env.putAll(other.env);
        dirs.addAll(other.dirs);
        hostDirs.addAll(other.hostDirs);
        collect.addAll(other.collect);
        stdin = other.stdin;
        stdout = other.stdout;
        stderr = other.stderr;
        limits = other.limits;
        mode = other.mode;
        engine = other.engine;
        cacheDirectory = other.cacheDirectory;
        stop = other.stop;
        return this;
    }
}
