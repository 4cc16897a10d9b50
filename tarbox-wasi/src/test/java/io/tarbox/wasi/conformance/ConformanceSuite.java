package io.tarbox.wasi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunOptions;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.WasiRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WASI conformance suite: every case of {@code conformance/} ({@code NAME.wasm} and
 * {@code NAME.json}, the case format of {@code tarbox test}; C sources in
 * {@code src/test/c/conformance/}, WAT in {@code src/test/wat/conformance/}, the zlib program in
 * {@code src/test/c/real/zlib/}) run on the Tarbox host, one dynamic test each. A program checks
 * its own results against wasmtime's behaviour and exits non-zero with "FAIL file:line: expected X
 * got Y" on the first mismatch; this class checks the exit code (or trap) and the output the
 * case expects. The same programs pass on Node's WASI ({@code src/test/run-on-node.sh}) except
 * for Node's documented deviations.
 *
 * <p>A backend is a subclass that says which filesystem the {@code /data} preopen lives in.
 */
public abstract class ConformanceSuite {
    /** Generous: the slowest program (ztool) takes a few seconds on the compiler. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path scratch;

    /**
     * A fresh, empty, writable filesystem for one program's {@code /data} preopen (its root
     * directory is what the guest sees). Called once per program that needs a preopen.
     *
     * @param workDir an empty directory this program may use (host files, a database file)
     */
    protected abstract FilesystemInterface freshFilesystem(Path workDir) throws Exception;

    /** Releases what {@link #freshFilesystem} opened, after the program ran. Nothing by default. */
    protected void release(FilesystemInterface fs) throws Exception {}

    /** The programs as modules (null), or as WASI 0.2 components (the "component" peer of each case). */
    protected String peer() {
        return null;
    }

    private byte[] binary(ConformanceProgram program) {
        return peer() == null
                ? program.module()
                : GuestResources.read("/components/" + program.name() + ".component.wasm");
    }

    @TestFactory
    Stream<DynamicTest> conformance() {
        return ConformanceProgram.loadManifest().stream()
                .map(p -> DynamicTest.dynamicTest(p.name() + ": " + p.description(), () -> check(p)));
    }

    private void check(ConformanceProgram manifestEntry) throws Exception {
        ConformanceProgram program = peer() == null ? manifestEntry : manifestEntry.forPeer(peer());
        Path workDir = Files.createDirectories(scratch.resolve(program.name()));
        FilesystemInterface fs = program.preopen() ? freshFilesystem(workDir) : null;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunOptions.Builder options = RunOptions.builder(binary(program))
                    .args(program.argv())
                    .env(program.environ())
                    .stdio(new Stdio(
                            new ByteArrayInputStream(program.stdin().getBytes(StandardCharsets.UTF_8)),
                            out,
                            err,
                            false));
            if (fs != null) {
                options.preopen(Preopen.of(fs, "/data"));
            }
            RunOutcome outcome = assertTimeoutPreemptively(
                    TIMEOUT,
                    () -> WasiRun.run(options.build()),
                    () -> program.name() + " did not finish within " + TIMEOUT);
            String stdout = out.toString(StandardCharsets.UTF_8);
            String stderr = err.toString(StandardCharsets.UTF_8);
            String context =
                    " [" + program.name() + "]\n--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
            if (program.trap()) {
                assertTrue(outcome instanceof RunOutcome.Trapped, () -> "expected a trap, got " + outcome + context);
            } else if (outcome instanceof RunOutcome.Exited exited) {
                assertEquals(program.exitCode(), exited.code(), () -> "exit code" + context);
            } else {
                fail("expected exit " + program.exitCode() + ", got " + outcome + context);
            }
            for (String s : program.stdout()) {
                assertTrue(stdout.contains(s), () -> "stdout lacks \"" + s + "\"" + context);
            }
            for (String s : program.stderr()) {
                assertTrue(stderr.contains(s), () -> "stderr lacks \"" + s + "\"" + context);
            }
        } finally {
            if (fs != null) {
                release(fs);
            }
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
