package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.Configuration;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.cli.Session;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsException;
import io.tarbox.storage.host.HostFilesystem;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunLimit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.RunOptions;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.WasiRun;
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
 * host. Exits with the program's exit code, 134 on a trap, as wasmtime.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a WebAssembly (WASI preview 1) program; its arguments follow '--'.")
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", paramLabel = "PATH[::GUEST]",
            description = "Give the program a directory of the tenant's tree, seen as GUEST (default PATH).")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--host-dir", paramLabel = "HOST[::GUEST]",
            description = "Give the program a host directory, seen as GUEST (default HOST).")
    List<String> hostDirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "Set an environment variable; NAME alone passes the host's value.")
    List<String> envs = new ArrayList<>();

    @Option(names = "--inherit-env", description = "Pass the whole host environment.")
    boolean inheritEnv;

    @Option(names = "--invoke", paramLabel = "FUNCTION",
            description = "Call this exported function with the arguments (numbers) instead of _start; print its results.")
    String invoke;

    @Option(names = "--interpreter", description = "Interpret instead of compiling to JVM bytecode.")
    boolean interpreter;

    @Option(names = "--no-cache", description = "Do not cache the compiled module.")
    boolean noCache;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Most linear memory, in whole 64 KiB pages; growing past it fails.")
    Long maxMemory;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationValue.class,
            description = "Stop the program after this wall-clock time (500ms, 10s, 2m).")
    Long timeout;

    @Option(names = "--fuel", paramLabel = "N",
            description = "Stop the program after N executed instructions (deterministic; uses the interpreter).")
    Long fuel;

    @Option(names = "--max-output", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Stop the program when stdout and stderr together pass SIZE bytes.")
    Long maxOutput;

    @Option(names = "--max-open-files", paramLabel = "N",
            description = "Most files the program may hold open besides stdio and preopens (EMFILE past it).")
    Long maxOpenFiles;

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Largest file the program may write (EFBIG past it).")
    Long maxFileSize;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file.")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "The program's arguments (after '--').")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        byte[] bytes = readModule();
        List<String> argv = new ArrayList<>();
        argv.add(module.getFileName() == null ? module.toString() : module.getFileName().toString());
        if (invoke == null) {
            argv.addAll(args);
        }
        RunOptions.Builder options = RunOptions.builder(bytes)
                .args(argv)
                .env(environment(main.env()))
                .stdio(new Stdio(main.in(), main.out(), main.err(), main.interactive()))
                .engine(interpreter ? Engine.INTERPRETER : Engine.COMPILER)
                .cacheDirectory(noCache ? null : Configuration.moduleCache(main.env()))
                .limits(limits());
        if (invoke != null) {
            options.invoke(invoke, args);
        }
        List<FilesystemInterface> hostFilesystems = new ArrayList<>();
        Session session = dirs.isEmpty() ? null : main.openSession();
        try {
            for (String dir : dirs) {
                String[] parts = split(dir);
                FilesystemInterface fs = session.tree().fs();
                options.preopen(new Preopen(fs, session.tree().directory(parts[0]), parts[1], false));
            }
            for (String hostDir : hostDirs) {
                String[] parts = split(hostDir);
                options.preopen(Preopen.of(openHost(parts[0], hostFilesystems), parts[1]));
            }
            return report(main, WasiRun.run(options.build()));
        } catch (ModuleLoadException e) {
            throw new CliException(ExitCodes.INVALID_MODULE, module + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        } finally {
            for (FilesystemInterface fs : hostFilesystems) {
                fs.close();
            }
            if (session != null) {
                session.close();
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
            main.err().println("wasm trap: " + ((RunOutcome.Trapped) outcome).message());
            main.err().flush();
            return ExitCodes.TRAP;
        }
        if (outcome instanceof RunOutcome.LimitReached limit) {
            throw new CliException(ExitCodes.of(limit.limit()), "stopped by " + option(limit.limit()) + ": "
                    + limit.message());
        }
        throw new CliException(ExitCodes.FAILED, "the program was interrupted");
    }

    private RunLimits limits() {
        if (fuel != null && fuel < 0 || maxOpenFiles != null && maxOpenFiles < 0) {
            throw new CliException(ExitCodes.USAGE, "--fuel and --max-open-files take a number of 0 or more");
        }
        RunLimits limits = RunLimits.NONE;
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

    private static FilesystemInterface openHost(String hostPath, List<FilesystemInterface> opened) {
        try {
            HostFilesystem fs = new HostFilesystem(Path.of(hostPath), false);
            opened.add(fs);
            return fs;
        } catch (FsException e) {
            throw CliException.at(hostPath + " (on the host)", e);
        }
    }

    /** "PATH::GUEST" or "PATH" (seen as itself). */
    private static String[] split(String spec) {
        int at = spec.indexOf("::");
        return at < 0 ? new String[] {spec, spec} : new String[] {spec.substring(0, at), spec.substring(at + 2)};
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
