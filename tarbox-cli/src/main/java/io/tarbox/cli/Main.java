package io.tarbox.cli;

import io.tarbox.cli.command.CatCommand;
import io.tarbox.cli.command.DuCommand;
import io.tarbox.cli.command.ExportCommand;
import io.tarbox.cli.command.GetCommand;
import io.tarbox.cli.command.ImportCommand;
import io.tarbox.cli.command.InitCommand;
import io.tarbox.cli.command.LnCommand;
import io.tarbox.cli.command.LsCommand;
import io.tarbox.cli.command.MkdirCommand;
import io.tarbox.cli.command.MvCommand;
import io.tarbox.cli.command.PluginCommand;
import io.tarbox.cli.command.PutCommand;
import io.tarbox.cli.command.RmCommand;
import io.tarbox.cli.command.StatCommand;
import io.tarbox.cli.command.TenantCommand;
import io.tarbox.cli.command.TreeCommand;
import io.tarbox.core.fs.FsException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        description = "A WebAssembly runtime whose filesystem lives in a database.",
        subcommands = {
            InitCommand.class,
            TenantCommand.class,
            LsCommand.class,
            StatCommand.class,
            CatCommand.class,
            PutCommand.class,
            GetCommand.class,
            MkdirCommand.class,
            RmCommand.class,
            MvCommand.class,
            LnCommand.class,
            TreeCommand.class,
            DuCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            PluginCommand.class,
            AutoComplete.GenerateCompletion.class
        })
public final class Main implements Runnable {
    @Mixin GlobalOptions global;

    @Spec CommandSpec spec;

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
    public Main(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, StoreOpener opener, boolean interactive) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.opener = opener;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        Main main = new Main(System.getenv(), System.in, System.out, System.err, Stores::open, System.console() != null);
        int code = main.execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** Parses and runs one command line; returns its exit code. */
    public int execute(String... args) {
        CommandLine cli = new CommandLine(this);
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
        return new Session(Database.open(config, opener), config.tenant());
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
        err.println(line.replace('\n', ' '));
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
