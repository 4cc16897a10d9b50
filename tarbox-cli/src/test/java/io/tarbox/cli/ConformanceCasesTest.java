package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first real user of {@code tarbox test}: the project's WASI conformance suite
 * (tarbox-wasi/src/test/resources/conformance, each program with its case JSON) run as a CI job
 * runs it, every case passing.
 */
class ConformanceCasesTest {
    static final Path SUITE = Path.of("../tarbox-wasi/src/test/resources/conformance");

    @TempDir
    Path dir;

    @Test
    void theConformanceSuitePassesUnderTarboxTest() throws IOException {
        long cases;
        try (Stream<Path> files = Files.list(SUITE)) {
            cases = files.filter(f -> f.toString().endsWith(".wasm")).count();
        }
        assertTrue(cases >= 30, "the suite has its programs: " + cases);
        Cli.Result r = new Cli(dir)
                .run("test", "-j", "2", "--junit", dir.resolve("junit.xml").toString(), SUITE.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().endsWith(cases + " passed, 0 failed\n"), r.toString());
        assertTrue(r.out().contains("PASS conformance/ztool ("), "the suite is named by its manifest.json\n" + r);
        assertTrue(Files.readString(dir.resolve("junit.xml"))
                .contains("tests=\"" + cases + "\" failures=\"0\" errors=\"0\""));
    }
}
