package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.wasi.RunTrace;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The trace options of {@code run} and {@code plugin run}: every host call the program makes, one
 * line each (see docs/cli.md). Without {@code --trace} or {@code --trace-file} nothing is traced and
 * no wrapper is installed.
 */
public final class TraceOptions {
    @Option(names = "--trace", description = "Trace every host call to standard error, one line each.")
    boolean trace;

    @Option(
            names = "--trace-file",
            paramLabel = "FILE",
            description = "Trace host calls to FILE (a host file) instead.")
    Path file;

    @Option(
            names = "--trace-format",
            paramLabel = "text|json",
            description = "Lines for people (text, the default) or JSON lines: fn, args, errno, results, ns.")
    String format;

    @Option(
            names = "--trace-filter",
            paramLabel = "NAMES",
            description = "Only these functions, comma-separated, '*' matching any characters (path_*,fd_read).")
    String filter;

    /** The trace the options ask for, and where it is written; null when none is asked for. */
    public Opened open(PrintStream stderr) {
        if (!trace && file == null) {
            if (format != null || filter != null) {
                throw new CliException(
                        ExitCodes.USAGE,
                        (format != null ? "--trace-format" : "--trace-filter") + " needs --trace or --trace-file");
            }
            return null;
        }
        RunTrace.Format parsed = format == null ? RunTrace.Format.TEXT : RunTrace.Format.parse(format);
        if (parsed == null) {
            throw new CliException(ExitCodes.USAGE, "--trace-format: expected text or json, not '" + format + "'");
        }
        Writer out;
        if (file != null) {
            try {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.host(file, e);
            }
        } else {
            out = new OutputStreamWriter(stderr, StandardCharsets.UTF_8);
        }
        return new Opened(new RunTrace(out, parsed, filter, file == null), file != null ? out : null);
    }

    /** An open trace; closing it closes the trace file (never standard error). */
    public record Opened(RunTrace trace, Writer file) implements Closeable {
        @Override
        public void close() {
            try {
                trace.flush();
                if (file != null) {
                    file.close();
                }
            } catch (IOException | RuntimeException e) {
                throw new CliException(ExitCodes.FAILED, "cannot write the trace: " + e.getMessage(), e);
            }
        }
    }
}
