package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HostFilesystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs src/test/c/host/probe.c, which calls the WASI functions directly and prints an errno or a
 * value per check, and compares with the expected lines (resources host/probe-*.expected): the
 * errno choices there are wasmtime's, except where docs/wasi.md says otherwise.
 */
class HostBehaviourTest {
    @TempDir
    Path dir;

    /** The filesystem the probe's /data lives on; subclasses run the same checks on other backends. */
    FilesystemInterface filesystem(Path root) throws Exception {
        return new HostFilesystem(root, false);
    }

    private GuestRun probe(String scenario) throws Exception {
        try (FilesystemInterface fs = filesystem(dir)) {
            return GuestRun.run(
                    RunOptions.builder(GuestRun.resource("host/probe.wasm")).env("GREETING=hi"),
                    "probe.wasm",
                    List.of(Preopen.of(fs, "/data")),
                    "x",
                    scenario);
        }
    }

    /** Compares with the expected lines; on a difference, leaves the actual ones in target/ for a diff. */
    private void assertProbe(String scenario, GuestRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.stderr);
        String expected = new String(
                GuestRun.resource("host/probe-" + scenario + ".expected"), java.nio.charset.StandardCharsets.UTF_8);
        if (!expected.equals(run.stdout)) {
            Files.writeString(
                    Path.of("target", "probe-" + scenario + "." + getClass().getSimpleName() + ".actual"), run.stdout);
        }
        assertEquals(expected, run.stdout);
    }

    @Test
    void pathCallsConfineTheGuestAndReportWasmtimeErrnos() throws Exception {
        assertProbe("paths", probe("paths"));
    }

    @Test
    void descriptorCallsKeepOffsetsFlagsAndRights() throws Exception {
        assertProbe("fds", probe("fds"));
    }

    @Test
    void clocksRandomSocketsPollAndStdio() throws Exception {
        assertProbe("misc", probe("misc"));
    }

    @Test
    void readdirSynthesizesDotEntriesAndResumesFromCookies() throws Exception {
        GuestRun run = probe("dirs");
        assertEquals(0, run.exitCode(), run.stderr);
        List<String> lines = run.stdout.lines().toList();
        assertEquals("open rd 0", lines.get(0));
        List<String> entries =
                Arrays.asList(lines.get(1).substring("entries ".length()).trim().split(" "));
        assertEquals(List.of("./", "../"), entries.subList(0, 2), "dot entries first, as wasmtime");
        List<String> names = new ArrayList<>(entries.subList(2, entries.size()));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(List.of("alpha", "bravo", "charlie", "delta", "echo"), sorted, "each entry exactly once");
        // After alpha is removed and zulu added, resuming after the second entry returns every
        // surviving later entry once (zulu may or may not appear).
        List<String> later = new ArrayList<>(names.subList(2, names.size()));
        later.remove("alpha");
        List<String> rest = new ArrayList<>(Arrays.asList(
                lines.get(2).substring("after change ".length()).trim().split(" ")));
        rest.remove("zulu");
        assertEquals(later, rest);
        assertEquals("readdir on file 8", lines.get(3));
    }

    @Test
    void readOnlyPreopenRefusesChangesWithEperm() throws Exception {
        Files.writeString(dir.resolve("f"), "data");
        try (FilesystemInterface fs = filesystem(dir)) {
            GuestRun run = GuestRun.run(
                    RunOptions.builder(GuestRun.resource("bench/hello.wasm")),
                    "hello.wasm",
                    List.of(new Preopen(fs, fs.rootIno(), "/data", true)),
                    "",
                    "/data/new.txt");
            assertEquals(1, run.exitCode());
            assertTrue(run.stderr.contains("Operation not permitted"), run.stderr);
        }
        assertTrue(Files.notExists(dir.resolve("new.txt")));
    }
}
