package io.tarbox.cli;

import io.tarbox.cli.command.AuditCommand;
import io.tarbox.cli.command.CatCommand;
import io.tarbox.cli.command.DbCommand;
import io.tarbox.cli.command.DuCommand;
import io.tarbox.cli.command.ExportCommand;
import io.tarbox.cli.command.Format;
import io.tarbox.cli.command.FsckCommand;
import io.tarbox.cli.command.GcCommand;
import io.tarbox.cli.command.GetCommand;
import io.tarbox.cli.command.ImportCommand;
import io.tarbox.cli.command.InitCommand;
import io.tarbox.cli.command.InspectCommand;
import io.tarbox.cli.command.LnCommand;
import io.tarbox.cli.command.LsCommand;
import io.tarbox.cli.command.MkdirCommand;
import io.tarbox.cli.command.MvCommand;
import io.tarbox.cli.command.PluginCommand;
import io.tarbox.cli.command.PutCommand;
import io.tarbox.cli.command.RmCommand;
import io.tarbox.cli.command.RunCommand;
import io.tarbox.cli.command.RunsCommand;
import io.tarbox.cli.command.ServeCommand;
import io.tarbox.cli.command.SnapshotCommand;
import io.tarbox.cli.command.StatCommand;
import io.tarbox.cli.command.TenantCommand;
import io.tarbox.cli.command.TestCommand;
import io.tarbox.cli.command.TokenCommand;
import io.tarbox.cli.command.TreeCommand;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.server.client.RemoteStore;
import io.tarbox.storage.StorageException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** Entry point of the {@code tarbox} command. */
@Command(
        name = "tarbox",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A WebAssembly runtime whose filesystem lives in a database.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. They are registered with picocli lazily (see
     * {@link #execute}) because building a command's model by reflection is most of the start-up time.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("init", InitCommand.class);
        commands.put("db", DbCommand.class);
        commands.put("run", RunCommand.class);
        commands.put("runs", RunsCommand.class);
        commands.put("audit", AuditCommand.class);
        commands.put("snapshot", SnapshotCommand.class);
        commands.put("gc", GcCommand.class);
        commands.put("test", TestCommand.class);
        commands.put("fsck", FsckCommand.class);
        commands.put("inspect", InspectCommand.class);
        commands.put("plugin", PluginCommand.class);
        commands.put("tenant", TenantCommand.class);
        commands.put("token", TokenCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("ls", LsCommand.class);
        commands.put("stat", StatCommand.class);
        commands.put("cat", CatCommand.class);
        commands.put("put", PutCommand.class);
        commands.put("get", GetCommand.class);
        commands.put("mkdir", MkdirCommand.class);
        commands.put("rm", RmCommand.class);
        commands.put("mv", MvCommand.class);
        commands.put("ln", LnCommand.class);
        commands.put("tree", TreeCommand.class);
        commands.put("du", DuCommand.class);
        commands.put("import", ImportCommand.class);
        commands.put("export", ExportCommand.class);
        commands.put("generate-completion", AutoComplete.GenerateCompletion.class);
        return commands;
    }

    /** Global options that take a value, which the subcommand scan must skip. */
    private static final Set<String> GLOBAL_OPTIONS_WITH_VALUE =
            Set.of("--db", "--db-password-file", "--tenant", "--config");

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final StoreOpener opener;
    private final boolean interactive;

    /**
     * @param env the environment variables ({@code TARBOX_*}, {@code HOME}, {@code XDG_*})
     * @param interactive whether a person watches (then long transfers show a progress bar)
     */
    public Main(
            Map<String, String> env,
            InputStream in,
            PrintStream out,
            PrintStream err,
            StoreOpener opener,
            boolean interactive) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.opener = opener;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        String invoked = invokedSubcommand(args);
        if ("run".equals(invoked) || "test".equals(invoked)) {
            SecurityWarmUp.start();
        }
        Main main =
                new Main(System.getenv(), System.in, System.out, System.err, Stores::open, System.console() != null);
        int code = main.execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** Parses and runs one command line; returns its exit code. */
    public int execute(String... args) {
        CommandLine cli = new CommandLine(this);
        String invoked = invokedSubcommand(args);
        for (Map.Entry<String, Class<?>> command : SUBCOMMANDS.entrySet()) {
            if (invoked == null || invoked.equals(command.getKey())) {
                cli.addSubcommand(command.getKey(), command.getValue());
            }
        }
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler(this::onUsageError);
        cli.setExecutionExceptionHandler(this::onFailure);
        try {
            return cli.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
            out.flush();
        }
    }

    /**
     * The whole command model, every subcommand registered (what completion scripts and man pages
     * are generated from; a run registers only the subcommand it needs).
     */
    public static CommandLine model() {
        CommandLine cli = new CommandLine(
                new Main(Map.of(), InputStream.nullInputStream(), System.out, System.err, Stores::open, false));
        SUBCOMMANDS.forEach(cli::addSubcommand);
        return cli;
    }

    /**
     * The subcommand these arguments run, when only that one needs registering; null when all do:
     * top-level help, an unknown name (so picocli can suggest one), or completion (which describes
     * them all).
     */
    static String invokedSubcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (GLOBAL_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return SUBCOMMANDS.containsKey(arg) && !arg.equals("generate-completion") ? arg : null;
            } else if (arg.equals("--")) {
                return null;
            }
        }
        return null;
    }

    /** {@code tarbox} alone: say what to do instead. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    /** The resolved configuration of this invocation. */
    public Configuration configuration() {
        return Configuration.resolve(global, env);
    }

    /** Opens the configured database and the session commands work in. */
    public Session openSession() {
        Configuration config = configuration();
        TarboxStore store = Database.open(config, opener);
        // on a Tarbox server a token reaches one tenant: it is the tenant unless one was named
        String tenant = store instanceof RemoteStore remote && config.tenantIsDefault()
                ? remote.tokenTenant()
                : config.tenant();
        return new Session(store, tenant);
    }

    /**
     * Sets up the configured PostgreSQL database with Tarbox's roles (prefix {@code prefix}), then
     * opens the session as {@link #openSession} does.
     */
    public Session openSessionCreatingRoles(String prefix) {
        Configuration config = configuration();
        return new Session(Database.openCreatingRoles(config, prefix), config.tenant());
    }

    /** The environment variables this invocation sees. */
    public Map<String, String> env() {
        return env;
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean interactive() {
        return interactive;
    }

    private int onUsageError(ParameterException e, String[] args) {
        String command = commandName(e.getCommandLine());
        String help = "tarbox " + (command.isEmpty() ? "" : command + " ") + "--help";
        report(command, e.getMessage() + " (see '" + help + "')", null);
        return ExitCodes.USAGE;
    }

    private int onFailure(Exception e, CommandLine failed, ParseResult parsed) {
        String command = commandName(failed);
        if (e instanceof CliException) {
            report(command, e.getMessage(), e);
            return ((CliException) e).exitCode();
        }
        if (e instanceof StorageException) {
            report(command, e.getMessage(), e);
            return ExitCodes.of((StorageException) e);
        }
        if (e instanceof FsException) {
            FsException fsError = (FsException) e;
            report(command, fsError.getMessage(), e);
            return ExitCodes.of(fsError.error());
        }
        report(command, "internal error: " + e + (debug() ? "" : " (run with --debug for details)"), e);
        return ExitCodes.INTERNAL;
    }

    /** Prints one line, and with --debug the stack trace. */
    private void report(String command, String message, Throwable cause) {
        String line = command.isEmpty() ? "tarbox: " + message : "tarbox: " + command + ": " + message;
        err.println(Format.oneLine(line));
        if (cause != null && debug()) {
            cause.printStackTrace(err);
        }
        err.flush();
    }

    private boolean debug() {
        return (global != null && global.debug) || Configuration.debugFromEnv(env);
    }

    /** "ls" or "tenant create": the command's name without the leading "tarbox". */
    private static String commandName(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? "" : qualified.substring(space + 1);
    }
}
