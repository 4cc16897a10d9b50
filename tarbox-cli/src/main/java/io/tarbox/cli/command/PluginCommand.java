package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.Configuration;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.cli.Session;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.tree.Tree;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.path.PathResolver.Resolved;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.plugin.Plugin;
import io.tarbox.wasi.plugin.PluginEnvironment;
import io.tarbox.wasi.plugin.PluginException;
import io.tarbox.wasi.plugin.PluginHost;
import io.tarbox.wasi.plugin.PluginLimits;
import io.tarbox.wasi.plugin.PluginLog;
import io.tarbox.wasi.plugin.PluginManifest;
import io.tarbox.wasi.plugin.PluginStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tarbox plugin inspect|run}: data-transforming WebAssembly plugins (docs/plugins.md). */
@Command(
        name = "plugin",
        mixinStandardHelpOptions = true,
        description = "Inspect and run plugins: WebAssembly modules that transform data (see docs/plugins.md).",
        subcommands = {PluginCommand.Inspect.class, PluginCommand.Run.class})
public final class PluginCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: inspect or run");
    }

    /** Reads a plugin file of the host. */
    static byte[] readPlugin(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliException.host(file, e);
        }
    }

    /** The one place a plugin failure becomes a one-line error with its exit code. */
    static CliException failure(PluginException e) {
        return new CliException(ExitCodes.of(e.kind()), e.getMessage(), e);
    }

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = "Load a plugin and print its manifest (plugin_init is not run).")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PLUGIN.wasm", description = "Plugin file on the host.")
        Path plugin;

        @Option(names = "--json", description = "Print the manifest JSON exactly as the plugin returns it.")
        boolean json;

        @Override
        public Integer call() {
            PrintStream out = ((Main) spec.root().userObject()).out();
            try (Plugin loaded = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD).load(readPlugin(plugin))) {
                PluginManifest manifest = loaded.manifest();
                if (json) {
                    out.println(manifest.json());
                } else {
                    out.println("name:        " + Format.oneLine(manifest.name()));
                    out.println("version:     " + Format.oneLine(manifest.version()));
                    out.println("description: " + Format.oneLine(manifest.description()));
                    out.println("config:      " + Format.oneLine(String.join(" ", manifest.config())));
                    out.println("paths:       " + Format.oneLine(String.join(" ", manifest.paths())));
                }
            } catch (PluginException e) {
                throw failure(e);
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run a plugin on one input and write what it returns.",
                "--in and --out name files of the tenant's tree ('-': standard input or",
                "output); the output file is replaced only if the plugin succeeds. The",
                "plugin reads the files its manifest asks for only where --grant allows."
            })
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PLUGIN.wasm", description = "Plugin file on the host.")
        Path plugin;

        @Option(
                names = "--in",
                required = true,
                paramLabel = "PATH|-",
                description = "Input: a file of the tree, or '-'.")
        String input;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "PATH|-",
                description = "Output: a file of the tree, or '-'.")
        String output;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description = "A config value for the plugin (repeatable); the key must be in its manifest.")
        Map<String, String> config = new LinkedHashMap<>();

        @Option(
                names = "--grant",
                paramLabel = "PATH",
                description = "Let the plugin read this file or directory of the tree (repeatable).")
        List<String> grants = new ArrayList<>();

        @Option(
                names = "--max-ms",
                paramLabel = "N",
                description = "Time limit of each call into the plugin, in ms; 0 = none (default: ${DEFAULT-VALUE}).")
        long maxMillis = PluginLimits.DEFAULT.maxMillis();

        @Option(
                names = "--max-memory",
                paramLabel = "SIZE",
                converter = ByteSize.class,
                description = "Memory limit of the plugin, e.g. 64M (default: 256M).")
        long maxMemory = PluginLimits.DEFAULT.maxMemoryBytes();

        @Option(
                names = "--max-output",
                paramLabel = "SIZE",
                converter = ByteSize.class,
                description = "Most bytes the plugin may return, and may log (default: 64M).")
        long maxOutput = PluginLimits.DEFAULT.maxOutputBytes();

        @picocli.CommandLine.Mixin
        TraceOptions traceOptions = new TraceOptions();

        @Option(names = "--stats", description = "Print invocations, time and memory used to standard error.")
        boolean stats;

        @Option(names = "--interpreter", description = "Interpret instead of compiling to JVM bytecode.")
        boolean interpreter;

        @Option(names = "--no-cache", description = "Do not cache the compiled plugin.")
        boolean noCache;

        @Override
        public Integer call() throws IOException {
            Main main = (Main) spec.root().userObject();
            PluginLimits limits = limits();
            byte[] wasm = readPlugin(plugin);
            boolean needsTree = !input.equals("-") || !output.equals("-") || !grants.isEmpty();
            // Without tree paths or grants the database is not needed (and not opened).
            try (Session session = needsTree ? main.openSession() : null) {
                String tenant = session != null
                        ? session.tenant()
                        : main.configuration().tenant();
                Tree tree = session != null ? session.tree() : null;
                Resolved target = output.equals("-") ? null : outputTarget(tree);
                byte[] data = input.equals("-") ? main.in().readAllBytes() : readTreeFile(tree, input);
                boolean debug = main.configuration().debug();
                PluginLog log = (name, level, message) -> {
                    if (level != PluginLog.Level.DEBUG || debug) {
                        main.err()
                                .println(Format.oneLine(name) + ": "
                                        + level.name().toLowerCase(Locale.ROOT) + ": " + Format.oneLine(message));
                    }
                };
                byte[] result;
                PluginStats used;
                PluginHost host = new PluginHost(
                        limits,
                        log,
                        interpreter ? Engine.INTERPRETER : Engine.COMPILER,
                        noCache ? null : Configuration.moduleCache(main.env()));
                TraceOptions.Opened tracing = traceOptions.open(main.err());
                host.trace(tracing == null ? null : tracing.trace());
                try (tracing;
                        Plugin loaded = host.load(wasm)) {
                    FilesystemInterface fs = tree != null ? tree.fs() : null;
                    loaded.start(new PluginEnvironment(tenant, fs, config, grants));
                    result = loaded.process(input, data);
                    used = loaded.stats();
                } catch (PluginException e) {
                    throw failure(e);
                }
                if (target == null) {
                    main.out().write(result);
                    main.out().flush();
                } else {
                    Tree.at(
                            output,
                            () -> PutCommand.replace(
                                    tree.fs(),
                                    target.dir(),
                                    target.name(),
                                    0644,
                                    new ByteArrayInputStream(result),
                                    Progress.NONE));
                }
                if (stats) {
                    main.err()
                            .printf(
                                    Locale.ROOT,
                                    "plugin stats: %d invocation%s, %.1f ms processing, %.1f ms in all,"
                                            + " %d retr%s, memory %d bytes (%d pages), output %d bytes%n",
                                    used.invocations(),
                                    used.invocations() == 1 ? "" : "s",
                                    used.processNanos() / 1e6,
                                    used.totalNanos() / 1e6,
                                    used.retries(),
                                    used.retries() == 1 ? "y" : "ies",
                                    used.memoryBytes(),
                                    used.memoryPages(),
                                    result.length);
                }
            }
            return 0;
        }

        private PluginLimits limits() {
            try {
                return new PluginLimits(maxMillis, maxMemory, maxOutput);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** Where the output goes, checked before the plugin runs. */
        private Resolved outputTarget(Tree tree) {
            Resolved target = tree.resolve(output, true);
            if (target.name() == null
                    || (target.exists() && !target.attributes().isRegular())) {
                throw Tree.error(output, FsError.IS_DIRECTORY);
            }
            return target;
        }

        private static byte[] readTreeFile(Tree tree, String path) {
            FileAttributes file = tree.existing(path, true);
            if (!file.isRegular()) {
                throw Tree.error(path, FsError.IS_DIRECTORY);
            }
            if (file.size() > Integer.MAX_VALUE - 8) {
                throw new CliException(ExitCodes.FAILED, path + ": too large for a plugin's input (2 GiB at most)");
            }
            byte[] data = new byte[(int) file.size()];
            return Tree.at(path, () -> {
                int filled = 0;
                while (filled < data.length) {
                    int n = tree.fs().read(file.ino(), filled, data, filled, data.length - filled);
                    if (n <= 0) {
                        return java.util.Arrays.copyOf(data, filled);
                    }
                    filled += n;
                }
                return data;
            });
        }
    }
}
