package io.tarbox.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real clients the server is tested with (Debian packages: curl, rclone, litmus). A missing one
 * skips its tests loudly, and fails them under CI=true ({@code .ci/run} installs them).
 */
final class Clients {
    private Clients() {}

    /** The path of {@code binary}, or skips (fails under CI) the calling test. */
    static String require(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String message = binary + " is not installed (apt-get install " + binary + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + ": under CI=true the tests with real clients must run");
        }
        System.err.println("\n*** SKIPPED test with a real client: " + message + " ***\n");
        Assumptions.abort(message);
        return null;
    }

    /** What a finished process printed and how it exited. */
    record Result(int exit, String out, String err) {}

    /** Runs a command to its end (at most {@code timeoutSeconds}), with extra environment variables. */
    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("tarbox-client-", ".out");
        Path err = Files.createTempFile("tarbox-client-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                Assertions.fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; it printed:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
