package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heavy: a 200 MB file goes in with {@code put -} and out with {@code get - } through a separate
 * {@code tarbox} process limited to a 128 MB heap, so nothing may hold a whole file in memory.
 */
class LargeFileProcessTest {
    private static final long SIZE = 200L << 20;
    private static final int BLOCK = 1 << 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoHundredMegabytesInAndOutUnder128MegabytesOfHeap() throws Exception {
        Path db = dir.resolve("big.db");

        Process put = tarbox(db, "put", "-", "/big.bin");
        CompletableFuture<String> putErr = drain(put.getErrorStream());
        MessageDigest sent = sha256();
        try (OutputStream stdin = put.getOutputStream()) {
            Random random = new Random(2024);
            byte[] block = new byte[BLOCK];
            for (long written = 0; written < SIZE; written += BLOCK) {
                random.nextBytes(block);
                sent.update(block);
                stdin.write(block);
            }
        }
        assertEquals(0, put.waitFor(), () -> "put failed: " + putErr.join());

        Process get = tarbox(db, "get", "/big.bin", "-");
        CompletableFuture<String> getErr = drain(get.getErrorStream());
        get.getOutputStream().close();
        MessageDigest received = sha256();
        long length = 0;
        try (InputStream stdout = get.getInputStream()) {
            byte[] buffer = new byte[BLOCK];
            int n;
            while ((n = stdout.read(buffer)) > 0) {
                received.update(buffer, 0, n);
                length += n;
            }
        }
        assertEquals(0, get.waitFor(), () -> "get failed: " + getErr.join());
        assertEquals(SIZE, length);
        assertArrayEquals(sent.digest(), received.digest());
    }

    /** {@code java -Xmx128m -cp <this test's classpath> io.tarbox.cli.Main --db DB args...} */
    private Process tarbox(Path db, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("--db");
        command.add(db.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", dir.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("TARBOX_"));
        return builder.start();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}
