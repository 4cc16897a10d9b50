package io.tarbox.storage.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small filesystem for full-disk tests: a tmpfs of a few megabytes mounted on a directory
 * (the tests run as root, as CI does here), unmounted on {@link #close()}. Where mounting is not
 * permitted the test is skipped with a loud message, except under {@code CI=true}, where it fails.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created if needed). */
    public static SmallDisk mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0777", "tmpfs", dir.toString());
        if (output != null) {
            String message = "cannot mount a small tmpfs for the full-disk test (" + output.strip() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ": under CI=true the full-disk tests must run");
            }
            System.err.println("\n*** SKIPPED full-disk test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Null on success, else what the command printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out;
    }

    @Override
    public void close() throws IOException {
        String failed;
        try {
            failed = run("umount", "-l", dir.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + dir, e);
        }
        if (failed != null) {
            throw new IOException("cannot unmount " + dir + ": " + failed);
        }
    }
}
