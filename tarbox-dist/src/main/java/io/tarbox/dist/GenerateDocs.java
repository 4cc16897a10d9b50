package io.tarbox.dist;

import io.tarbox.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes what the release archive carries besides the jar, from the picocli model of the
 * {@code tarbox} command ({@link Main#model}): a man page per command and subcommand
 * ({@code man/man1/tarbox-snapshot-create.1}, in troff's man macros) and the completion script
 * (picocli's {@link AutoComplete}, which serves bash and, through bashcompinit, zsh).
 *
 * <p>Usage: {@code GenerateDocs OUTPUT_DIR VERSION}.
 */
public final class GenerateDocs {
    private GenerateDocs() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String version = args[1];
        CommandLine model = Main.model();
        Path man = Files.createDirectories(out.resolve("man/man1"));
        List<CommandLine> all = new ArrayList<>();
        collect(model, all);
        for (CommandLine command : all) {
            if (command.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            Files.writeString(
                    man.resolve(pageName(command.getCommandSpec()) + ".1"),
                    manPage(command, version),
                    StandardCharsets.UTF_8);
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        String script = AutoComplete.bash("tarbox", model);
        Files.writeString(completion.resolve("tarbox.bash"), script, StandardCharsets.UTF_8);
        Files.writeString(completion.resolve("tarbox.zsh"), script, StandardCharsets.UTF_8);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!into.contains(sub)) {
                collect(sub, into);
            }
        }
    }

    /** "tarbox", "tarbox-run", "tarbox-snapshot-create". */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String manPage(CommandLine command, String version) {
        CommandSpec spec = command.getCommandSpec();
        StringBuilder page = new StringBuilder();
        String name = pageName(spec);
        page.append(".TH ")
                .append(quoted(name.toUpperCase(Locale.ROOT)))
                .append(" 1 \"\" ")
                .append(quoted("tarbox " + version))
                .append(" \"Tarbox Manual\"\n");
        page.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(escape(firstLine(spec.usageMessage().description())))
                .append('\n');
        page.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = command.getHelp().synopsis(0).stripTrailing();
        for (String line : synopsis.split("\n")) {
            page.append(text(line)).append('\n');
        }
        page.append(".fi\n");
        page.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            page.append(text(line)).append('\n');
        }
        if (!spec.positionalParameters().isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) {
                    continue;
                }
                page.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
                page.append(text(describe(p))).append('\n');
            }
        }
        List<OptionSpec> options =
                spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                page.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                page.append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    page.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                page.append('\n').append(text(describe(o))).append('\n');
            }
        }
        if (!command.getSubcommands().isEmpty()) {
            page.append(".SH COMMANDS\n");
            command.getSubcommands().forEach((sub, cl) -> {
                if (!cl.getCommandSpec().usageMessage().hidden() && sub.equals(cl.getCommandName())) {
                    page.append(".TP\n\\fB")
                            .append(escape(sub))
                            .append("\\fR\n")
                            .append(text(
                                    firstLine(cl.getCommandSpec().usageMessage().description())))
                            .append('\n');
                }
            });
        }
        page.append(".SH \"EXIT STATUS\"\n")
                .append(text(
                        "0 on success; the other codes are listed in docs/cli.md (Exit codes) and by 'tarbox --help'."))
                .append('\n');
        page.append(".SH \"SEE ALSO\"\n");
        if (spec.parent() != null) {
            page.append("\\fB").append(escape(pageName(spec.parent()))).append("\\fR(1), ");
        }
        page.append(text("the documentation in the docs/ directory of the source (docs/cli.md, docs/testing.md)"))
                .append('\n');
        return page.toString();
    }

    /** An option's or argument's description, its default filled in as picocli's help does. */
    private static String describe(picocli.CommandLine.Model.ArgSpec arg) {
        return String.join(" ", arg.description())
                .replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValueString()));
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? "" : description[0];
    }

    /** A line of running text: escaped, and never taken for a request by troff. */
    private static String text(String line) {
        String escaped = escape(line);
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    /** Backslashes and hyphens as troff wants them in man pages (a '-' in an option must not break). */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "") + "\"";
    }
}
