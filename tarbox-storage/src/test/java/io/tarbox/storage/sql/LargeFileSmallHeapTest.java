package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes are flushed by size: a 200 MiB file streams in and out of a JVM limited to 128 MiB. */
class LargeFileSmallHeapTest {
    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapStreamsInAndOut() throws Exception {
        Process child = ChildJvm.start(
                LargeFileWriter.class,
                List.of("-Xmx128m"),
                dir.resolve("big.db").toString(),
                "200");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), out);
        assertEquals("OK", out);
    }
}
