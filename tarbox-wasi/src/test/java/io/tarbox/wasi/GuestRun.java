package io.tarbox.wasi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a module from the test resources with captured stdio. */
final class GuestRun {
    final RunOutcome outcome;
    final String stdout;
    final String stderr;

    private GuestRun(RunOutcome outcome, String stdout, String stderr) {
        this.outcome = outcome;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static byte[] resource(String name) {
        try (InputStream in = GuestRun.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code module} with argv {@code [module, args...]}. */
    static GuestRun run(String module, List<Preopen> preopens, Engine engine, String stdin, String... args)
            throws ModuleLoadException {
        return run(RunOptions.builder(resource(module)).engine(engine), module, preopens, stdin, args);
    }

    static GuestRun run(RunOptions.Builder builder, String module, List<Preopen> preopens, String stdin, String... args)
            throws ModuleLoadException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>();
        argv.add(module);
        argv.addAll(List.of(args));
        builder.args(argv)
                .stdio(new Stdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false));
        preopens.forEach(builder::preopen);
        RunOutcome outcome = WasiRun.run(builder.build());
        return new GuestRun(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    int exitCode() {
        if (outcome instanceof RunOutcome.Exited) {
            return ((RunOutcome.Exited) outcome).code();
        }
        throw new AssertionError("expected an exit, got " + outcome + "\nstdout: " + stdout + "\nstderr: " + stderr);
    }
}
