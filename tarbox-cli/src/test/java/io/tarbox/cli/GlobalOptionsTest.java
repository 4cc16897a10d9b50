package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global options, help, version, completion and usage errors of the command line itself. */
class GlobalOptionsTest {
    @TempDir
    Path dir;

    @Test
    void globalOptionsWorkBeforeAndAfterTheSubcommand() {
        Cli cli = new Cli(dir);
        cli.env.remove("TARBOX_DB");
        Path before = dir.resolve("before.db");
        Path after = dir.resolve("after.db");
        cli.ok("--db", before.toString(), "mkdir", "/only-in-before");
        cli.ok("mkdir", "--db", after.toString(), "/only-in-after");
        assertEquals("only-in-before\n", cli.ok("ls", "/", "--db", before.toString()));
        assertEquals("only-in-after\n", cli.ok("--db", after.toString(), "ls"));
    }

    @Test
    void onlyTheInvokedSubcommandIsRegistered() {
        assertEquals(
                "ls", Main.invokedSubcommand(new String[] {"--db", "x.db", "--tenant", "t", "--debug", "ls", "-l"}));
        assertEquals("ls", Main.invokedSubcommand(new String[] {"--db=x.db", "ls"}));
        assertEquals("tenant", Main.invokedSubcommand(new String[] {"tenant", "list"}));
        assertEquals(null, Main.invokedSubcommand(new String[] {"--help"}));
        assertEquals(null, Main.invokedSubcommand(new String[] {"lss"}));
        assertEquals(null, Main.invokedSubcommand(new String[] {"generate-completion"}));
    }

    @Test
    void tenantOptionSelectsTheTree() {
        Cli cli = new Cli(dir);
        cli.ok("tenant", "create", "other");
        cli.ok("--tenant", "other", "mkdir", "/x");
        assertEquals("x\n", cli.ok("ls", "--tenant", "other", "/"));
        assertEquals("", cli.ok("ls", "/"));
        cli.env.put("TARBOX_TENANT", "other");
        assertEquals("x\n", cli.ok("ls", "/"));
    }

    @Test
    void unknownFlagIsAUsageErrorOnOneLine() {
        Cli.Result result = new Cli(dir).run("ls", "--no-such-flag", "/");
        assertEquals(ExitCodes.USAGE, result.code());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("tarbox: ls: Unknown option: '--no-such-flag'"), result.err());
    }

    @Test
    void missingArgumentIsAUsageError() {
        Cli.Result result = new Cli(dir).run("put", "only-one");
        assertEquals(ExitCodes.USAGE, result.code());
        assertTrue(result.err().startsWith("tarbox: put: Missing required parameter"), result.err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result result = new Cli(dir).run("--tenant", "default", "lss", "/");
        assertEquals(ExitCodes.USAGE, result.code());
        assertTrue(result.err().startsWith("tarbox: Unmatched argument"), result.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, new Cli(dir).run().code());
    }

    @Test
    void helpAndVersion() {
        Cli cli = new Cli(dir);
        String help = cli.ok("--help");
        for (String command : new String[] {
            "init",
            "tenant",
            "ls",
            "stat",
            "cat",
            "put",
            "get",
            "mkdir",
            "rm",
            "mv",
            "ln",
            "tree",
            "du",
            "import",
            "export",
            "snapshot",
            "gc",
            "generate-completion"
        }) {
            assertTrue(
                    help.contains("  " + command + " ") || help.contains("  " + command + "\n"),
                    command + " in\n" + help);
            assertTrue(cli.ok(command, "--help").startsWith("Usage: tarbox " + command), command);
        }
        assertTrue(cli.ok("--version").matches("(?s)tarbox \\d+\\.\\d+\\.\\d+.*"), cli.ok("--version"));
    }

    @Test
    void completionScriptIsGenerated() {
        String script = new Cli(dir).ok("generate-completion");
        assertTrue(script.contains("complete -F"), script.substring(0, Math.min(200, script.length())));
        assertTrue(script.contains("import"));
    }
}
