package io.tarbox.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code tarbox} commands in this process against a real SQLite file under a test's directory,
 * with a private HOME so no user configuration leaks in.
 */
final class Cli {
    /** What one command did. */
    record Result(int code, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out() + "--- stderr\n" + err;
        }
    }

    final Path dir;
    final Path db;
    final Map<String, String> env = new HashMap<>();

    Cli(Path dir) {
        this.dir = dir;
        this.db = dir.resolve("tarbox.db");
        env.put("HOME", dir.resolve("home").toString());
        env.put("TARBOX_DB", db.toString());
    }

    Result run(String... args) {
        return runWithInput(new byte[0], args);
    }

    Result runWithInput(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code =
                new Main(env, new ByteArrayInputStream(stdin), outStream, errStream, Stores::open, false).execute(args);
        outStream.flush();
        errStream.flush();
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns its stdout. */
    String ok(String... args) {
        Result result = run(args);
        if (result.code() != 0) {
            throw new AssertionError("expected success of " + String.join(" ", args) + "\n" + result);
        }
        return result.out();
    }
}
