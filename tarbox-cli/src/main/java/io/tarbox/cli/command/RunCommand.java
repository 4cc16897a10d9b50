package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.Configuration;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FsException;
import io.tarbox.embed.RunWiring;
import io.tarbox.storage.host.HostFilesystem;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.RunLimit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.control.ControlFilesystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tarbox run}: runs a WASI command with preopened directories of the tenant's tree and of the
 * host. Exits with the program's exit code, 134 on a trap, as wasmtime. The run is wired through
 * tarbox-embed's {@link RunWiring}, as embedded runs are.
 *
 * <p>With {@code --atomic} or {@code --ephemeral} the tenant's tree is opened with a private scratch
 * layer; only an atomic run that exits with code 0 publishes it, and any other end (another exit
 * code, a trap, a limit, a failure of Tarbox, the process killed) leaves the tree as it was.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a WebAssembly (WASI preview 1) program; its arguments follow '--'.")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "PATH[::GUEST][:ro]",
            description = "Give the program a directory of the tenant's tree, seen as GUEST (default PATH); "
                    + "':ro' makes it read-only.")
    List<String> dirs = new ArrayList<>();

    @Option(
            names = "--host-dir",
            paramLabel = "HOST[::GUEST][:ro]",
            description = "Give the program a host directory, seen as GUEST (default HOST); ':ro' makes it read-only.")
    List<String> hostDirs = new ArrayList<>();

    @Option(
            names = "--env",
            paramLabel = "NAME[=VALUE]",
            description = "Set an environment variable; NAME alone passes the host's value.")
    List<String> envs = new ArrayList<>();

    @Option(names = "--inherit-env", description = "Pass the whole host environment.")
    boolean inheritEnv;

    @Option(
            names = "--invoke",
            paramLabel = "FUNCTION",
            description =
                    "Call this exported function with the arguments (numbers) instead of _start; print its results.")
    String invoke;

    @Option(names = "--interpreter", description = "Interpret instead of compiling to JVM bytecode.")
    boolean interpreter;

    @Option(names = "--no-cache", description = "Do not cache the compiled module.")
    boolean noCache;

    @Option(
            names = "--no-audit",
            description =
                    "Do not record the program's file operations (see 'tarbox audit'); "
                            + "the run itself is still listed by 'tarbox runs', as not audited. Refused when the database requires audit.")
    boolean noAudit;

    @Option(
            names = "--control",
            negatable = true,
            description =
                    "Give the program /.tarbox: files to read its layers and the audit trail, and to take, "
                            + "switch and drop snapshots; needs a --dir. Default: TARBOX_CONTROL, else the config file's 'control'.")
    Boolean control;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            converter = ByteSize.class,
            description = "Most linear memory, in whole 64 KiB pages; growing past it fails.")
    Long maxMemory;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationValue.class,
            description = "Stop the program after this wall-clock time (500ms, 10s, 2m).")
    Long timeout;

    @Option(
            names = "--fuel",
            paramLabel = "N",
            description = "Stop the program after N executed instructions (deterministic; uses the interpreter).")
    Long fuel;

    @Option(
            names = "--max-output",
            paramLabel = "SIZE",
            converter = ByteSize.class,
            description = "Stop the program when stdout and stderr together pass SIZE bytes.")
    Long maxOutput;

    @Option(
            names = "--max-open-files",
            paramLabel = "N|none",
            converter = OpenFilesLimit.class,
            description = "Most files the program may hold open besides stdio and preopens (EMFILE past it); "
                    + "default " + RunLimits.DEFAULT_MAX_OPEN_FILES + ", 'none' for no limit.")
    Long maxOpenFiles;

    @Option(
            names = "--max-file-size",
            paramLabel = "SIZE",
            converter = ByteSize.class,
            description = "Largest file the program may write (EFBIG past it).")
    Long maxFileSize;

    @Option(
            names = "--atomic",
            description = "The program's changes to the tree become visible only if it exits with code 0, all at once; "
                    + "otherwise the tree stays exactly as it was.")
    boolean atomic;

    @Option(names = "--ephemeral", description = "The program's changes to the tree are always discarded when it ends.")
    boolean ephemeral;

    @Option(
            names = "--snapshot",
            paramLabel = "NAME",
            description = "Take snapshot NAME of the tree when the program ends (with --atomic: only if it published).")
    String snapshot;

    @picocli.CommandLine.Mixin
    TraceOptions traceOptions = new TraceOptions();

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file.")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The program's arguments (after '--').")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        checkLayerOptions();
        byte[] bytes = readModule();
        List<String> argv = new ArrayList<>();
        argv.add(RunWiring.programName(module));
        if (invoke == null) {
            argv.addAll(args);
        }
        RunWiring wiring = new RunWiring(
                bytes,
                argv,
                environment(main.env()),
                new Stdio(main.in(), main.out(), main.err(), main.interactive()),
                interpreter ? Engine.INTERPRETER : Engine.COMPILER,
                noCache ? null : Configuration.moduleCache(main.env()),
                limits());
        if (invoke != null) {
            wiring.invoke(invoke, args);
        }
        TraceOptions.Opened tracing = traceOptions.open(main.err());
        if (tracing != null) {
            wiring.trace(tracing.trace());
        }
        // The trail lives in the tenant's database: a run that preopens only host directories needs no
        // database at all (CI smoke tests), so it is not recorded.
        boolean withControl = RunControl.wanted(control, main.configuration(), !dirs.isEmpty());
        Session session = dirs.isEmpty() ? null : main.openSession();
        RunTrail trail = null;
        RunTermination termination = null;
        ControlFilesystem controlFiles = null;
        try {
            if (atomic || ephemeral) {
                session.scratchTree();
            }
            if (snapshot != null && session.layers().findSnapshot(snapshot).isPresent()) {
                throw new CliException(ExitCodes.CONFLICT, "a snapshot or tag named '" + snapshot + "' already exists");
            }
            for (String dir : dirs) {
                DirSpec spec = DirSpec.parse(dir);
                wiring.treeDir(
                        session.tree().fs(), session.tree().directory(spec.path()), spec.guest(), spec.readOnly());
            }
            for (String hostDir : hostDirs) {
                DirSpec spec = DirSpec.parse(hostDir);
                openHost(wiring, spec);
            }
            if (session != null) {
                RunTrail[] started = new RunTrail[1];
                termination = new RunTermination(stopping -> {
                    if (started[0] != null) {
                        started[0].finishUnfinished(stopping);
                    }
                });
                trail = RunTrail.start(session, argv.get(0), bytes, !noAudit);
                started[0] = trail;
                wiring.stop(termination.stop());
                wiring.trail(trail == null ? null : trail.embedded());
            }
            if (withControl) {
                controlFiles = RunControl.mount(session, trail, wiring);
            }
            int code = ExitCodes.INTERNAL;
            boolean signalled = false;
            CliException stopped = null; // a limit or an interrupt: the run ended, without an exit code of its own
            try {
                code = report(main, wiring.run());
            } catch (CliException e) {
                code = e.exitCode();
                stopped = e;
            } catch (ModuleLoadException e) {
                code = ExitCodes.INVALID_MODULE;
                throw e;
            } finally {
                // Decided once: a signal that comes later finds the run ended, as its row says.
                signalled = termination != null && termination.stopped();
                if (trail != null) {
                    trail.finish(code, signalled ? termination : null);
                }
            }
            if (signalled) {
                // A signal stopped the run: nothing is published or snapshotted, and the process
                // ends with 128 + the signal's number (the JVM's shutdown decides that).
                Integer exit = termination.signalExitCode();
                throw new CliException(
                        exit == null ? ExitCodes.FAILED : exit,
                        "stopped by " + (termination.signal() == null ? "a signal" : termination.signal()));
            }
            afterRun(session, code);
            if (stopped != null) {
                throw stopped;
            }
            return code;
        } catch (ModuleLoadException e) {
            throw new CliException(ExitCodes.INVALID_MODULE, module + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        } finally {
            try {
                if (tracing != null) {
                    tracing.close();
                }
                if (controlFiles != null) {
                    controlFiles.close();
                }
                wiring.close();
                if (session != null) {
                    session.close();
                }
            } finally {
                if (termination != null) {
                    termination.close(); // also tells a shutdown hook under way that the run has ended
                }
            }
        }
    }

    /** Usage errors of --atomic, --ephemeral and --snapshot, found before anything runs. */
    private void checkLayerOptions() {
        if (atomic && ephemeral) {
            throw new CliException(ExitCodes.USAGE, "--atomic and --ephemeral exclude each other");
        }
        if (ephemeral && snapshot != null) {
            throw new CliException(ExitCodes.USAGE, "--snapshot cannot keep the changes of an --ephemeral run");
        }
        if ((atomic || ephemeral || snapshot != null) && dirs.isEmpty()) {
            throw new CliException(
                    ExitCodes.USAGE, "--atomic, --ephemeral and --snapshot act on the tenant's tree: give a --dir");
        }
        if (snapshot != null) {
            SnapshotCommand.checkedName(snapshot);
        }
    }

    /**
     * Once the program has ended: an atomic run that exited with 0 publishes its changes; then
     * {@code --snapshot} freezes the tree (after an atomic run only if it published), through the
     * tenant's own tree, since a scratch tree cannot take snapshots. When the snapshot cannot be
     * taken, its exit code is the command's, and the message says that the run itself happened.
     */
    private void afterRun(Session session, int code) {
        if (session == null) {
            return;
        }
        boolean published = atomic && code == ExitCodes.OK;
        if (published) {
            session.publish();
        }
        if (snapshot != null && (published || !atomic)) {
            session.closeTree();
            try {
                session.layers().createSnapshot(snapshot, "after running " + module.getFileName());
            } catch (FsException e) {
                CliException why = SnapshotCommand.failure(snapshot, e);
                throw new CliException(
                        why.exitCode(),
                        "the program ended (exit code " + code + ") and its changes are "
                                + (published ? "published" : "kept") + ", but snapshot '" + snapshot
                                + "' was not taken: "
                                + why.getMessage(),
                        e);
            }
        }
    }

    private int report(Main main, RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Exited) {
            return ((RunOutcome.Exited) outcome).code();
        }
        if (outcome instanceof RunOutcome.Returned) {
            for (String value : ((RunOutcome.Returned) outcome).values()) {
                main.out().println(value);
            }
            main.out().flush();
            return ExitCodes.OK;
        }
        if (outcome instanceof RunOutcome.Trapped) {
            main.err().println("wasm trap: " + Format.oneLine(((RunOutcome.Trapped) outcome).message()));
            main.err().flush();
            return ExitCodes.TRAP;
        }
        if (outcome instanceof RunOutcome.LimitReached limit) {
            if (limit.limit() == RunLimit.MEMORY && maxMemory == null) {
                // no --max-memory: the memory the engine holds was the limit (exit 10 all the same)
                throw new CliException(ExitCodes.of(limit.limit()), limit.message());
            }
            throw new CliException(
                    ExitCodes.of(limit.limit()), "stopped by " + option(limit.limit()) + ": " + limit.message());
        }
        throw new CliException(ExitCodes.FAILED, "the program was interrupted");
    }

    private RunLimits limits() {
        if (fuel != null && fuel < 0) {
            throw new CliException(ExitCodes.USAGE, "--fuel takes a number of 0 or more");
        }
        RunLimits limits = RunLimits.DEFAULT;
        limits = maxMemory == null ? limits : limits.withMaxMemoryBytes(maxMemory);
        limits = timeout == null ? limits : limits.withTimeoutMillis(timeout);
        limits = fuel == null ? limits : limits.withFuel(fuel);
        limits = maxOutput == null ? limits : limits.withMaxOutputBytes(maxOutput);
        limits = maxOpenFiles == null ? limits : limits.withMaxOpenFiles(maxOpenFiles);
        return maxFileSize == null ? limits : limits.withMaxFileSize(maxFileSize);
    }

    /** The option that set a limit, as the user typed it ("--timeout 500ms"). */
    private String option(RunLimit limit) {
        String name = switch (limit) {
            case MEMORY -> "--max-memory";
            case TIME -> "--timeout";
            case FUEL -> "--fuel";
            case OUTPUT -> "--max-output";
        };
        var matched = spec.commandLine().getParseResult().matchedOption(name);
        return matched == null ? name : name + " " + String.join(" ", matched.originalStringValues());
    }

    private byte[] readModule() {
        try {
            return Files.readAllBytes(module);
        } catch (IOException e) {
            throw CliException.host(module, e);
        }
    }

    private static void openHost(RunWiring wiring, DirSpec spec) {
        String unavailable = HostFilesystem.unavailable();
        if (unavailable != null) {
            throw new CliException(ExitCodes.UNSUPPORTED, "--host-dir " + spec.path() + ": refused: " + unavailable);
        }
        try {
            wiring.hostDir(Path.of(spec.path()), spec.guest(), spec.readOnly());
        } catch (FsException e) {
            throw CliException.at(spec.path() + " (on the host)", e);
        }
    }

    /**
     * A preopen argument: "PATH::GUEST" or "PATH" (seen as itself), either followed by ":ro" for a
     * read-only preopen (so a directory whose name ends in ":ro" needs "::GUEST" after it).
     */
    record DirSpec(String path, String guest, boolean readOnly) {
        private static final String READ_ONLY = ":ro";

        static DirSpec parse(String spec) {
            boolean readOnly = spec.endsWith(READ_ONLY)
                    && !spec.endsWith("::" + READ_ONLY.substring(1))
                    && spec.length() > READ_ONLY.length();
            String rest = readOnly ? spec.substring(0, spec.length() - READ_ONLY.length()) : spec;
            int at = rest.indexOf("::");
            return at < 0
                    ? new DirSpec(rest, rest, readOnly)
                    : new DirSpec(rest.substring(0, at), rest.substring(at + 2), readOnly);
        }
    }

    /** --inherit-env first, then each --env in order (a later one wins). */
    private List<String> environment(Map<String, String> host) {
        Map<String, String> vars = new TreeMap<>();
        if (inheritEnv) {
            vars.putAll(host);
        }
        List<String> order = new ArrayList<>(vars.keySet());
        for (String env : envs) {
            int eq = env.indexOf('=');
            String name = eq < 0 ? env : env.substring(0, eq);
            String value = eq < 0 ? host.get(name) : env.substring(eq + 1);
            if (value == null) {
                continue;
            }
            if (!vars.containsKey(name)) {
                order.add(name);
            }
            vars.put(name, value);
        }
        List<String> out = new ArrayList<>();
        for (String name : order) {
            out.add(name + "=" + vars.get(name));
        }
        return out;
    }
}
