package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name made to forge lines (a newline and a row that looks like the trail's) or to drive the
 * terminal (ESC sequences, a right-to-left override) is shown escaped by every text output that
 * prints stored names: each entry stays one line, and nothing reaches the terminal raw.
 */
class ForgedLinesTest {
    /** A row of {@code tarbox audit}; a name holds no '/', so the path is spelled with look-alikes (U+2215). */
    private static final String FORGED_ROW = "2026-01-01T00:00:00Z  cli  rm  \u2215etc\u2215passwd  0  ok";

    private static final String EVIL = "x\n" + FORGED_ROW + "\r\u001b[2J\u202eexe.txt\u2028";

    @TempDir
    Path dir;

    @Test
    void storedNamesNeverStartALineNorReachTheTerminalRaw() {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/d");
        cli.ok("snapshot", "create", "before");
        Cli.Result put = cli.runWithInput("data".getBytes(StandardCharsets.UTF_8), "put", "-", "/d/" + EVIL);
        assertEquals(0, put.code(), put.toString());
        cli.ok("ln", "-s", EVIL, "/d/link");

        assertShown(cli.ok("ls", "/d"), 2);
        assertShown(cli.ok("ls", "-l", "/d"), 2);
        assertShown(cli.ok("tree", "/d"), 5); // the path, two entries, a blank line, the summary
        assertShown(cli.ok("stat", "/d/" + EVIL), 9);
        assertShown(cli.ok("stat", "/d/link"), 9);
        assertShown(cli.ok("du", "/d"), 1);
        assertShown(cli.ok("snapshot", "diff", "before", "current"), 2); // the two new entries
        String audit = cli.ok("audit");
        int events = cli.ok("audit", "--json").split("\"op\":", -1).length - 1;
        assertShown(audit, events);
        assertTrue(audit.contains("x\\n" + FORGED_ROW + "\\r\\x1b[2J\\u{202e}exe.txt\\u{2028}"), audit);
        Cli.Result missing = cli.run("cat", "/d/" + EVIL + "-gone");
        assertEquals(ExitCodes.NOT_FOUND, missing.code());
        assertShownOn(missing.err(), 1, "stderr");
        assertTrue(
                cli.ok("ls", "--json", "/d").contains("\\u001B[2J")
                        || cli.ok("ls", "--json", "/d").contains("\\u001b[2J"),
                "JSON keeps the name exact (escaped the JSON way)");
    }

    private static void assertShown(String out, int lines) {
        assertShownOn(out, lines, "stdout");
    }

    private static void assertShownOn(String out, int lines, String where) {
        assertEquals(lines, out.split("\n", -1).length - 1, where + ":\n" + out);
        for (String line : out.split("\n")) {
            assertFalse(line.startsWith(FORGED_ROW), "a forged line on " + where + ": " + line);
        }
        assertFalse(
                out.contains("\r") || out.contains("\u001b") || out.contains("\u202e") || out.contains("\u2028"),
                "a raw control character on " + where + ":\n" + out);
    }
}
