package io.tarbox.wasi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a run's host calls are traced ({@code run --trace}), like strace for WASI: one line per
 * call, in order, with the function, its arguments decoded and named, its result (the errno by
 * name, what it returned) and its duration. Text lines for people, JSON lines ({@code fn},
 * {@code args}, {@code errno}, {@code results}, {@code ns}) for tools. A run without a trace installs
 * no wrapper at all.
 *
 * <p>The hosts (preview 1, WASI 0.2, plugins) decode their own calls into {@link Arg}s and call
 * {@link #call}; this class only selects, formats and writes.
 */
public final class RunTrace {
    /** The line format. */
    public enum Format {
        TEXT,
        JSON;

        /** {@code text} or {@code json}, any case; null for anything else. */
        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> null;
            };
        }
    }

    /**
     * One decoded argument or result.
     *
     * @param value a {@link Long} (a number), a {@link String}, or null
     * @param quoted whether a string value is text the guest gave (a path: quoted in text lines) rather
     *     than a name the tracer chose (flags, enum values: bare)
     */
    public record Arg(String name, Object value, boolean quoted) {
        public static Arg number(String name, long value) {
            return new Arg(name, value, false);
        }

        public static Arg text(String name, String value) {
            return new Arg(name, value, true);
        }

        public static Arg symbol(String name, String value) {
            return new Arg(name, value, false);
        }
    }

    private final Writer out;
    private final Format format;
    private final List<Pattern> filter;
    private final boolean flushEachLine;

    /**
     * @param out where lines go (not closed here)
     * @param filter comma-separated function names, {@code *} matching any characters
     *     ({@code path_*,fd_read}); null or empty for every function
     * @param flushEachLine flush after each line (stderr, so lines interleave with the program's)
     */
    public RunTrace(Writer out, Format format, String filter, boolean flushEachLine) {
        this.out = out;
        this.format = format;
        this.flushEachLine = flushEachLine;
        this.filter = new ArrayList<>();
        if (filter != null) {
            for (String part : filter.split(",")) {
                String glob = part.trim();
                if (!glob.isEmpty()) {
                    this.filter.add(glob(glob));
                }
            }
        }
    }

    private static Pattern glob(String glob) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * Whether calls of this function are traced: every one without a filter, else those whose name
     * (or, for a WASI 0.2 function, {@code interface#name}) a pattern matches.
     */
    public boolean selects(String function, String qualified) {
        if (filter.isEmpty()) {
            return true;
        }
        for (Pattern p : filter) {
            if (p.matcher(function).matches()
                    || (qualified != null && p.matcher(qualified).matches())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes one call.
     *
     * @param fn the function's name (for WASI 0.2 {@code interface#function})
     * @param errno the error by name ({@code ENOENT}, {@code no-entry}); {@code SUCCESS} for preview
     *     1's zero, null when the call returned no error code
     * @param results what the call returned, when it succeeded
     * @param unwound when the call did not return (proc_exit, a trap, a limit): what ended it; else null
     */
    public synchronized void call(
            String fn, List<Arg> args, String errno, List<Arg> results, long nanos, String unwound) {
        String line = format == Format.JSON
                ? json(fn, args, errno, results, nanos, unwound)
                : text(fn, args, errno, results, nanos, unwound);
        try {
            out.write(line);
            out.write('\n');
            if (flushEachLine) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
    }

    /** Writes what is buffered (the end of the run). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
    }

    private static String text(String fn, List<Arg> args, String errno, List<Arg> results, long nanos, String unwound) {
        StringBuilder line = new StringBuilder(fn).append('(');
        appendArgs(line, args);
        line.append(") = ");
        if (unwound != null) {
            line.append(unwound);
        } else {
            line.append(errno == null ? "ok" : errno);
            if (!results.isEmpty()) {
                line.append(' ');
                appendArgs(line, results);
            }
        }
        return line.append(' ').append(duration(nanos)).toString();
    }

    private static void appendArgs(StringBuilder line, List<Arg> args) {
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            if (i > 0) {
                line.append(", ");
            }
            line.append(arg.name()).append('=');
            if (arg.value() instanceof String s && arg.quoted()) {
                line.append(quote(s));
            } else {
                line.append(arg.value());
            }
        }
    }

    /** A guest string as C would write it: quotes, backslash escapes for controls and quotes. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Microseconds with one decimal, as strace -T shows seconds (no Formatter: it is the hot path). */
    private static String duration(long nanos) {
        long tenths = (nanos + 50) / 100;
        return "<" + tenths / 10 + "." + tenths % 10 + "us>";
    }

    private static String json(String fn, List<Arg> args, String errno, List<Arg> results, long nanos, String unwound) {
        JsonWriter json = new JsonWriter().beginObject().name("fn").value(fn).name("args");
        object(json, args);
        json.name("errno").value(errno);
        json.name("results");
        object(json, results);
        json.name("ns").value(nanos);
        if (unwound != null) {
            json.name("unwound").value(unwound);
        }
        return json.endObject().toString();
    }

    private static void object(JsonWriter json, List<Arg> args) {
        json.beginObject();
        for (Arg arg : args) {
            json.name(arg.name());
            if (arg.value() instanceof Long n) {
                json.value(n);
            } else if (arg.value() == null) {
                json.nullValue();
            } else {
                json.value(arg.value().toString());
            }
        }
        json.endObject();
    }
}
