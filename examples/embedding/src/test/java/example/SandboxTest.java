package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example, run as its README says, twice on one database. */
class SandboxTest {
    static final Path HELLO = Path.of("../hello/hello.wasm");

    @TempDir
    Path dir;

    private String sandbox(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Sandbox.main(args);
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsKeepsTriesAndRollsBack() throws Exception {
        String db = dir.resolve("platform.db").toString();
        assertEquals("""
                hello, alice
                1 greeting so far
                exit code 0
                kept: alice
                trial saw: alice,trial
                after restoring before-0: (no file)
                """, sandbox(db, HELLO.toString(), "alice"));
        // the restore dropped the run; the next one starts again from an empty /data
        assertEquals("""
                hello, alice
                1 greeting so far
                exit code 0
                kept: alice
                trial saw: alice,trial
                after restoring before-1: (no file)
                """, sandbox(db, HELLO.toString(), "alice"));
    }
}
