package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.Configuration;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Main;
import io.tarbox.core.fs.FsException;
import io.tarbox.embed.Run;
import io.tarbox.embed.RunResult;
import io.tarbox.embed.Tarbox;
import io.tarbox.embed.Tenant;
import io.tarbox.storage.StorageException;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.RunLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tarbox test CASES...}: runs WASI test cases (docs/testing.md) and reports each, as CI
 * systems expect: a line per case, a closing count, a non-zero exit code on any failure, JUnit XML
 * and a JSON summary on request.
 *
 * <p>Each case runs in a private SQLite database of its own (a copy of one made at the start, so
 * the schema is created once), its fixture directories imported into the tenant's tree and the
 * program run in an ephemeral layer over them, through the embedding API ({@link Run}). Nothing
 * persists unless {@code --keep DIR} asks for each case's database.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Run WASI test cases (NAME.wasm with NAME.json, as the WASI test suite writes them) and report.")
public final class TestCommand implements Callable<Integer> {
    /** Output kept per stream for comparison and reports; a program that writes more is cut here. */
    static final int MAX_CAPTURE = 16 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "CASE",
            description = "A directory of cases (every NAME.wasm in it), a NAME.wasm or a NAME.json.")
    List<Path> paths = new ArrayList<>();

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            description = "Run N cases at once (default 1).")
    int jobs = 1;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report to FILE.")
    Path junit;

    @Option(names = "--json", description = "Print a JSON summary on stdout (the progress lines go to stderr).")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationValue.class,
            description = "Stop each case after this time unless its JSON sets one (default 5m).")
    Long timeout;

    @Option(names = "--interpreter", description = "Interpret instead of compiling to JVM bytecode.")
    boolean interpreter;

    @Option(
            names = "--keep",
            paramLabel = "DIR",
            description = "Keep each case's database as DIR/SUITE.NAME.db, with the program's changes in it.")
    Path keep;

    private static final long DEFAULT_TIMEOUT_MILLIS = 5 * 60_000L;
    private static final String MANIFEST = "manifest.json";

    @Override
    public Integer call() throws Exception {
        Main main = (Main) spec.root().userObject();
        if (jobs < 1) {
            throw new CliException(ExitCodes.USAGE, "--jobs takes a number of 1 or more");
        }
        List<TestCase> cases = discover();
        PrintStream progress = json ? main.err() : main.out();
        Path work = Files.createTempDirectory("tarbox-test-");
        // Ctrl-C or a CI job's SIGTERM: the cases' databases go with the process
        Thread cleanup = new Thread(() -> deleteQuietly(work), "tarbox-test-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<TestResult> results = new ArrayList<>();
        long started = System.nanoTime();
        try {
            Path template = template(work);
            if (keep != null) {
                Files.createDirectories(keep);
            }
            Path cache = Configuration.moduleCache(main.env());
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, Math.max(1, cases.size())), r -> {
                Thread t = new Thread(r, "tarbox-test");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<TestResult>> futures = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    TestCase testCase = cases.get(i);
                    Path db = work.resolve(i + ".db");
                    futures.add(pool.submit(() -> {
                        TestResult result = runCase(testCase, template, db, cache);
                        synchronized (progress) {
                            report(progress, result);
                        }
                        return result;
                    }));
                }
                for (Future<TestResult> future : futures) {
                    results.add(future.get());
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            deleteQuietly(work);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down already: the hook deletes it
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long passed = count(results, TestResult.Status.PASSED);
        long failed = count(results, TestResult.Status.FAILED) + count(results, TestResult.Status.ERROR);
        long skipped = count(results, TestResult.Status.SKIPPED);
        progress.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        progress.flush();
        if (junit != null) {
            try {
                TestReports.writeJunit(junit, results, millis);
            } catch (IOException e) {
                throw CliException.host(junit, e);
            }
        }
        if (json) {
            Json.print(main.out(), TestReports.summary(results, millis));
        }
        return failed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static long count(List<TestResult> results, TestResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** Every case the arguments name, in order: a directory's cases sorted by name. */
    private List<TestCase> discover() {
        List<TestCase> cases = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> modules = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.wasm")) {
                    entries.forEach(modules::add);
                } catch (IOException e) {
                    throw CliException.host(path, e);
                }
                modules.sort(Comparator.comparing(Path::toString));
                if (modules.isEmpty()) {
                    throw new CliException(ExitCodes.NOT_FOUND, path + ": no .wasm cases in this directory");
                }
                String suite = suiteName(path);
                modules.forEach(m -> cases.add(testCase(suite, m)));
            } else if (Files.isRegularFile(path)
                    && path.getFileName().toString().equals(MANIFEST)) {
                continue; // a suite's manifest (tests/*.json names it too), not a case
            } else if (Files.isRegularFile(path)
                    && (path.toString().endsWith(".wasm") || path.toString().endsWith(".json"))) {
                String file = path.getFileName().toString();
                Path wasm = path.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".wasm");
                cases.add(testCase(suiteName(path.toAbsolutePath().getParent()), wasm));
            } else if (!Files.exists(path)) {
                throw new CliException(ExitCodes.NOT_FOUND, path + ": no such file or directory");
            } else {
                throw new CliException(ExitCodes.USAGE, path + ": a case is a directory, a .wasm or a .json file");
            }
        }
        // a case named twice (tests/*.wasm tests/*.json) runs once
        Map<Path, TestCase> unique = new java.util.LinkedHashMap<>();
        cases.forEach(c -> unique.putIfAbsent(c.wasm().toAbsolutePath().normalize(), c));
        return new ArrayList<>(unique.values());
    }

    /**
     * The suite's name: the "name" of the directory's manifest.json (as the WASI test suite's
     * directories have one), else the directory's own name.
     */
    private static String suiteName(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            try {
                com.fasterxml.jackson.databind.JsonNode name = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(manifest.toFile())
                        .path("name");
                if (name.isTextual() && !name.asText().isBlank()) {
                    return name.asText();
                }
            } catch (IOException e) {
                // a manifest that cannot be read names nothing; the directory's name serves
            }
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "tests" : name.toString();
    }

    private static TestCase testCase(String suite, Path wasm) {
        String file = wasm.getFileName().toString();
        String name = file.substring(0, file.length() - ".wasm".length());
        return new TestCase(suite, name, wasm, wasm.resolveSibling(name + ".json"), null);
    }

    /** A database with Tarbox's schema, made once: each case gets a copy. */
    private static Path template(Path work) {
        Path template = work.resolve("template.db");
        try (Tarbox tarbox = Tarbox.open(template)) {
            tarbox.location();
        } catch (StorageException e) {
            throw new CliException(ExitCodes.of(e), e.getMessage(), e);
        }
        return template;
    }

    private TestResult runCase(TestCase found, Path template, Path db, Path cache) {
        long started = System.nanoTime();
        TestCase.Spec spec;
        try {
            spec = TestCase.read(found.wasm(), found.json());
        } catch (TestCase.MalformedCase e) {
            return new TestResult(found, TestResult.Status.ERROR, e.getMessage(), List.of(), 0, "", "");
        }
        TestCase testCase = new TestCase(found.suite(), found.name(), found.wasm(), found.json(), spec);
        if (spec.skip() != null) {
            return new TestResult(testCase, TestResult.Status.SKIPPED, spec.skip(), List.of(), 0, "", "");
        }
        if (!Files.isRegularFile(found.wasm())) {
            return new TestResult(
                    testCase,
                    TestResult.Status.ERROR,
                    found.json() + ": no " + found.wasm().getFileName() + " beside it",
                    List.of(),
                    0,
                    "",
                    "");
        }
        CappedOutput out = new CappedOutput();
        CappedOutput err = new CappedOutput();
        try {
            Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
            RunResult result;
            try (Tarbox tarbox = Tarbox.open(db)) {
                Tenant tenant = tarbox.tenant("default");
                for (TestCase.Dir dir : spec.dirs()) {
                    tenant.mkdirs(dir.treePath());
                    if (dir.from() != null) {
                        tenant.importDirectory(dir.from(), dir.treePath());
                    }
                }
                Run run = tenant.run(found.wasm())
                        .args(spec.args())
                        .stdin(spec.stdin())
                        .stdout(out)
                        .stderr(err)
                        .engine(interpreter ? Engine.INTERPRETER : Engine.COMPILER)
                        .cacheDirectory(cache)
                        .limits(limits(spec))
                        .mode(keep != null ? Run.Mode.PERSISTENT : Run.Mode.EPHEMERAL)
                        .collect(spec.files().keySet().toArray(String[]::new));
                spec.env().forEach(run::env);
                for (TestCase.Dir dir : spec.dirs()) {
                    run.dir(dir.treePath(), dir.guest(), dir.readOnly());
                }
                result = run.execute();
            }
            if (keep != null) {
                Files.copy(
                        db,
                        keep.resolve(testCase.suite() + "." + testCase.name() + ".db"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            return compare(testCase, result, out.text(), err.text(), millisSince(started));
        } catch (ModuleLoadException e) {
            return error(testCase, found.wasm() + ": " + e.getMessage(), started, out, err);
        } catch (FsException e) {
            return error(
                    testCase, e.getMessage() != null ? e.getMessage() : CliException.describe(e), started, out, err);
        } catch (StorageException | IOException | UncheckedIOException e) {
            return error(testCase, String.valueOf(e.getMessage()), started, out, err);
        } catch (RuntimeException e) {
            return error(testCase, "internal error: " + e, started, out, err);
        } finally {
            try {
                Files.deleteIfExists(db);
            } catch (IOException e) {
                // the work directory goes at the end
            }
        }
    }

    private RunLimits limits(TestCase.Spec spec) {
        long millis =
                spec.timeoutMillis() > 0 ? spec.timeoutMillis() : timeout != null ? timeout : DEFAULT_TIMEOUT_MILLIS;
        return spec.limits().withTimeoutMillis(millis);
    }

    private static TestResult error(
            TestCase testCase, String message, long started, CappedOutput out, CappedOutput err) {
        return new TestResult(
                testCase, TestResult.Status.ERROR, message, List.of(), millisSince(started), out.text(), err.text());
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** What the case expects against what the program did; every difference is listed. */
    static TestResult compare(TestCase testCase, RunResult result, String stdout, String stderr, long millis) {
        TestCase.Spec spec = testCase.spec();
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int code = result.exitCode();
        if (code != spec.exitCode()) {
            String how = result.outcome() instanceof io.tarbox.wasi.RunOutcome.Trapped trap
                    ? " (wasm trap: " + Format.oneLine(trap.message()) + ")"
                    : result.limitReached()
                            .map(l -> " (" + l.name().toLowerCase() + " limit reached)")
                            .orElse("");
            problems.add("exit code " + code + how + ", expected " + spec.exitCode());
        }
        expectText("stdout", spec.stdout(), stdout, problems, details);
        expectText("stderr", spec.stderr(), stderr, problems, details);
        for (String s : spec.stdoutContains()) {
            if (!stdout.contains(s)) {
                problems.add("stdout lacks \"" + Format.oneLine(s) + "\"");
            }
        }
        for (String s : spec.stderrContains()) {
            if (!stderr.contains(s)) {
                problems.add("stderr lacks \"" + Format.oneLine(s) + "\"");
            }
        }
        for (Map.Entry<String, Path> file : spec.files().entrySet()) {
            Optional<byte[]> actual = result.file(file.getKey());
            if (actual.isEmpty()) {
                problems.add(file.getKey() + " was not written");
                continue;
            }
            byte[] expected;
            try {
                expected = Files.readAllBytes(file.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!java.util.Arrays.equals(expected, actual.get())) {
                problems.add(file.getKey() + " differs from " + file.getValue().getFileName());
                details.addAll(UnifiedPatch.unified(
                        "expected " + file.getKey(),
                        "actual " + file.getKey(),
                        new String(expected, StandardCharsets.UTF_8),
                        new String(actual.get(), StandardCharsets.UTF_8)));
            }
        }
        if (problems.isEmpty()) {
            return new TestResult(testCase, TestResult.Status.PASSED, null, List.of(), millis, stdout, stderr);
        }
        if (details.isEmpty() && !stderr.isEmpty()) { // what the program said is the first clue
            details.add("stderr:");
            stderr.lines().skip(Math.max(0, stderr.lines().count() - 10)).forEach(l -> details.add("  " + l));
        }
        return new TestResult(
                testCase, TestResult.Status.FAILED, String.join("; ", problems), details, millis, stdout, stderr);
    }

    private static void expectText(
            String stream, String expected, String actual, List<String> problems, List<String> details) {
        if (expected != null && !expected.equals(actual)) {
            problems.add(stream + " differs");
            details.addAll(UnifiedPatch.unified("expected " + stream, "actual " + stream, expected, actual));
        }
    }

    private static void report(PrintStream out, TestResult result) {
        String time =
                result.status() == TestResult.Status.SKIPPED ? "" : String.format(" (%.2fs)", result.millis() / 1000.0);
        String line = switch (result.status()) {
            case PASSED -> "PASS " + result.displayName() + time;
            case FAILED -> "FAIL " + result.displayName() + time + ": " + result.message();
            case ERROR -> "ERROR " + result.displayName() + ": " + result.message();
            case SKIPPED -> "SKIP " + result.displayName() + ": " + result.message();
        };
        out.println(Format.oneLine(line));
        for (String detail : result.details()) {
            out.println("    " + Format.oneLine(detail));
        }
        out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** Keeps the first {@link #MAX_CAPTURE} bytes written, counts the rest. */
    static final class CappedOutput extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, Math.min(len, MAX_CAPTURE - kept.size()));
            kept.write(b, off, room);
            dropped += len - room;
        }

        synchronized String text() {
            String text = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? text : text + "\n[" + dropped + " more bytes not kept]";
        }
    }
}
