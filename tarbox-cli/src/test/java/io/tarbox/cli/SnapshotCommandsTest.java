package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox snapshot create|list|show|diff|restore|drop|tag}, {@code gc} and the stored size of
 * {@code du}, on one backend per subclass.
 */
abstract class SnapshotCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Cli cli;

    /** Points {@code cli} at a fresh database of the subclass's backend. */
    abstract void useDatabase(Cli cli);

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        useDatabase(cli);
        cli.ok("mkdir", "-p", "/work/sub");
        put("/work/a.txt", "alpha\nbeta\ngamma\n");
        put("/work/b.txt", "to be deleted\n");
        put("/work/sub/c.txt", "to be renamed\n");
        cli.ok("ln", "-s", "a.txt", "/work/link");
    }

    void put(String path, String content) {
        put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    void put(String path, byte[] content) {
        Cli.Result result = cli.runWithInput(content, "put", "-", path);
        assertEquals(0, result.code(), result.toString());
    }

    /** Modifies a.txt, deletes b.txt, renames sub/c.txt, adds d.txt and a directory. */
    void change() {
        put("/work/a.txt", "alpha\nBETA\ngamma\ndelta\n");
        cli.ok("rm", "/work/b.txt");
        cli.ok("mv", "/work/sub/c.txt", "/work/c-moved.txt");
        cli.ok("mkdir", "/work/new");
        put("/work/new/d.txt", "new file\n");
    }

    String state() {
        return TreeState.of(cli, "/");
    }

    /** Bytes the database stores for the tenant, as {@code tenant list -l} shows them. */
    long storedBytes() {
        String line = cli.ok("tenant", "list", "-l")
                .lines()
                .filter(l -> l.startsWith("default\t"))
                .findFirst()
                .orElseThrow();
        return Long.parseLong(line.split("\t")[1]);
    }

    @Test
    void restoreBringsBackModifiedAddedAndDeletedFilesExactly() throws Exception {
        String before = state();
        assertEquals(
                "created snapshot 'before' (layer ",
                cli.ok("snapshot", "create", "before", "-m", "the start").replaceAll("\\d+\\)\n$", ""));
        change();
        String changed = state();
        assertNotEquals(before, changed);

        String restored = cli.ok("snapshot", "restore", "before");
        Matcher kept = Pattern.compile("restored 'before'; the replaced state is snapshot '([^']+)'\n")
                .matcher(restored);
        assertTrue(kept.matches(), restored);
        assertEquals(before, state());
        assertEquals("alpha\nbeta\ngamma\n", cli.ok("cat", "/work/a.txt"));

        // the replaced state was kept: going back to it brings the changes back, exactly
        cli.ok("snapshot", "restore", kept.group(1), "--discard");
        assertEquals(changed, state());

        JsonNode list = JSON.readTree(cli.ok("snapshot", "list", "--json"));
        assertEquals(2, list.size(), list.toString());
        assertEquals("before", list.get(0).get("name").asText());
        assertEquals("the start", list.get(0).get("message").asText());
        assertEquals(kept.group(1), list.get(1).get("name").asText());
        String text = cli.ok("snapshot", "list");
        assertTrue(text.startsWith("before  2"), text);
        assertTrue(text.lines().findFirst().orElseThrow().endsWith("  the start"), text);
    }

    @Test
    void showTellsLayerMessageAndWhatTheSnapshotHolds() throws Exception {
        cli.ok("snapshot", "create", "s1", "-m", "four files");
        change(); // later changes are not in s1
        JsonNode show = JSON.readTree(cli.ok("snapshot", "show", "s1", "--json"));
        assertEquals("s1", show.get("name").asText());
        assertEquals("four files", show.get("message").asText());
        assertEquals(4, show.get("files").asLong(), show.toString()); // a.txt, b.txt, sub/c.txt and the link
        assertEquals(2, show.get("directories").asLong(), show.toString());
        assertEquals(17 + 14 + 14, show.get("bytes").asLong(), show.toString());
        assertTrue(show.get("layer").asLong() > 0, show.toString());
        String text = cli.ok("snapshot", "show", "s1");
        assertTrue(
                text.contains("\nmessage: four files\n")
                        && text.contains("\nfiles: 4\n")
                        && text.contains("\nbytes: 45\n"),
                text);
    }

    @Test
    void restoreDiscardKeepsNoSnapshotOfTheReplacedState() {
        cli.ok("snapshot", "create", "before");
        change();
        assertEquals(
                "restored 'before'; the replaced state was discarded\n",
                cli.ok("snapshot", "restore", "before", "--discard"));
        assertEquals(1, cli.ok("snapshot", "list").lines().count());
        assertEquals("alpha\nbeta\ngamma\n", cli.ok("cat", "/work/a.txt"));
    }

    @Test
    void dropIsRefusedWhileOtherSnapshotsDependOnItUnlessForced() {
        cli.ok("snapshot", "create", "s1");
        change();
        cli.ok("snapshot", "create", "s2");
        String s2 = state();
        Cli.Result refused = cli.run("snapshot", "drop", "s1");
        assertEquals(ExitCodes.CONFLICT, refused.code(), refused.toString());
        assertTrue(refused.err().startsWith("tarbox: snapshot drop: "), refused.err());
        assertEquals(2, cli.ok("snapshot", "list").lines().count());

        cli.ok("snapshot", "drop", "s1", "--force");
        assertEquals(1, cli.ok("snapshot", "list").lines().count());
        cli.ok("rm", "-r", "/work");
        cli.ok("snapshot", "restore", "s2", "--discard");
        assertEquals(s2, state()); // s2 still has everything it was built on

        cli.ok("snapshot", "drop", "s2");
        assertEquals("", cli.ok("snapshot", "list"));
        assertEquals(ExitCodes.NOT_FOUND, cli.run("snapshot", "drop", "s2").code());
    }

    @Test
    void aTagIsASecondNameThatRestoresAndListsAsTagOf() throws Exception {
        String before = state();
        cli.ok("snapshot", "create", "s1");
        assertEquals("tagged 's1' as 'v1.0'\n", cli.ok("snapshot", "tag", "s1", "v1.0"));
        JsonNode list = JSON.readTree(cli.ok("snapshot", "list", "--json"));
        assertEquals(2, list.size());
        assertEquals("v1.0", list.get(1).get("name").asText());
        assertTrue(list.get(1).get("tag").asBoolean());
        assertEquals("s1", list.get(1).get("tagOf").asText());
        assertEquals(list.get(0).get("layer").asLong(), list.get(1).get("layer").asLong());
        assertTrue(cli.ok("snapshot", "list").contains("v1.0  ")
                && cli.ok("snapshot", "list").contains("  tag of s1"));
        assertTrue(cli.ok("snapshot", "show", "s1").contains("other names: v1.0\n"));

        change();
        cli.ok("snapshot", "restore", "v1.0", "--discard");
        assertEquals(before, state());

        assertEquals(
                ExitCodes.CONFLICT, cli.run("snapshot", "tag", "s1", "v1.0").code());
        assertEquals(
                ExitCodes.NOT_FOUND, cli.run("snapshot", "tag", "nope", "v2").code());
        assertEquals(
                ExitCodes.USAGE, cli.run("snapshot", "tag", "s1", "bad/name").code());
    }

    @Test
    void aMessageWithControlCharactersStaysOnOneLineOfTheListingAndExactInJson() throws Exception {
        String message = "multi\nline\tand a \u0007bell";
        cli.ok("snapshot", "create", "-m", message, "s1");
        cli.ok("snapshot", "create", "s2");
        String list = cli.ok("snapshot", "list");
        assertEquals(2, list.lines().count(), list);
        assertTrue(
                list.startsWith("s1  ")
                        && list.contains("  layer ")
                        && list.lines().findFirst().orElseThrow().endsWith("  multi\\nline\\tand a \\x07bell"),
                list);
        assertEquals(
                message,
                JSON.readTree(cli.ok("snapshot", "list", "--json"))
                        .get(0)
                        .get("message")
                        .asText());
        assertTrue(cli.ok("snapshot", "show", "s1").contains("\nmessage: multi\\nline\\tand a \\x07bell\n"));
        assertEquals(
                message,
                JSON.readTree(cli.ok("snapshot", "show", "s1", "--json"))
                        .get("message")
                        .asText());
    }

    @Test
    void tagOfNamesWhatTheTagsMessageNamesWhileItStillNamesTheLayer() throws Exception {
        cli.ok("snapshot", "create", "s1");
        cli.ok("snapshot", "tag", "s1", "v1");
        cli.ok("snapshot", "tag", "v1", "v1-copy"); // a tag of a tag
        JsonNode list = JSON.readTree(cli.ok("snapshot", "list", "--json"));
        assertEquals(3, list.size(), list.toString());
        assertEquals("tag of s1", list.get(1).get("message").asText());
        assertEquals("s1", list.get(1).get("tagOf").asText());
        assertEquals("tag of v1", list.get(2).get("message").asText());
        assertEquals("v1", list.get(2).get("tagOf").asText(), "as the message says");
        assertTrue(list.get(0).get("tagOf").isNull(), "a snapshot is no tag");

        cli.ok("snapshot", "drop", "v1");
        list = JSON.readTree(cli.ok("snapshot", "list", "--json"));
        assertEquals("v1-copy", list.get(1).get("name").asText());
        assertTrue(list.get(1).get("tagOf").isNull(), "v1 is gone: " + list);
        cli.ok("snapshot", "tag", "s1", "v1"); // the name again, on the same layer
        list = JSON.readTree(cli.ok("snapshot", "list", "--json"));
        assertEquals("v1", list.get(1).get("tagOf").asText(), list.toString());
    }

    @Test
    void errorsHaveTheirExitCodes() {
        cli.ok("snapshot", "create", "s1");
        Cli.Result taken = cli.run("snapshot", "create", "s1");
        assertEquals(ExitCodes.CONFLICT, taken.code(), taken.toString());
        assertEquals("tarbox: snapshot create: a snapshot or tag named 's1' already exists\n", taken.err());
        for (String bad : new String[] {"-x", ".hidden", "a/b", "", "x".repeat(65), "a b"}) {
            Cli.Result result = cli.run("snapshot", "create", "--", bad);
            assertEquals(ExitCodes.USAGE, result.code(), bad + ": " + result);
        }
        Cli.Result unknown = cli.run("snapshot", "show", "nope");
        assertEquals(ExitCodes.NOT_FOUND, unknown.code(), unknown.toString());
        assertEquals("tarbox: snapshot show: unknown snapshot 'nope' (see 'tarbox snapshot list')\n", unknown.err());
        assertEquals(ExitCodes.NOT_FOUND, cli.run("snapshot", "restore", "nope").code());
        assertEquals(
                ExitCodes.NOT_FOUND,
                cli.run("snapshot", "diff", "nope", "current").code());
        assertEquals(ExitCodes.USAGE, cli.run("snapshot").code());
        assertEquals(
                ExitCodes.NOT_FOUND,
                cli.run("--tenant", "ghost", "snapshot", "list").code());
        assertEquals(1, cli.ok("snapshot", "list").lines().count());
    }

    @Test
    void diffShowsRenamesDeletesAddsAndModificationsWithSizes() throws Exception {
        cli.ok("snapshot", "create", "before");
        change();
        String expected = String.join(
                "\n",
                "M /work/a.txt (17 -> 23)",
                "D /work/b.txt (14)",
                "R /work/sub/c.txt -> /work/c-moved.txt",
                "A /work/new/",
                "A /work/new/d.txt (9)",
                "");
        assertEquals(expected, cli.ok("snapshot", "diff", "before", "current"));
        cli.ok("snapshot", "create", "after");
        assertEquals(expected, cli.ok("snapshot", "diff", "before", "after"));
        assertEquals("", cli.ok("snapshot", "diff", "after", "current"));
        String reverse = cli.ok("snapshot", "diff", "after", "before");
        assertTrue(
                reverse.contains("R /work/c-moved.txt -> /work/sub/c.txt\n")
                        && reverse.contains("D /work/new/d.txt (9)\n")
                        && reverse.contains("A /work/b.txt (14)\n"),
                reverse);

        JsonNode json = JSON.readTree(cli.ok("snapshot", "diff", "before", "after", "--json"));
        assertEquals(5, json.size(), json.toString());
        JsonNode renamed = json.get(2);
        assertEquals("renamed", renamed.get("change").asText());
        assertEquals("/work/sub/c.txt", renamed.get("oldPath").asText());
        assertEquals("/work/c-moved.txt", renamed.get("path").asText());
        assertEquals("file", renamed.get("type").asText());
    }

    @Test
    void diffPatchIsAUnifiedDiffForTextAndNamesBinaryFiles() {
        byte[] binary = new byte[300];
        binary[10] = 0;
        binary[11] = 7;
        put("/work/data.bin", binary);
        cli.ok("snapshot", "create", "before");
        put("/work/a.txt", "alpha\nBETA\ngamma\ndelta\n");
        binary[11] = 8;
        put("/work/data.bin", binary);
        String patch = cli.ok("snapshot", "diff", "before", "current", "--patch");
        assertEquals(
                String.join(
                        "\n",
                        "M /work/a.txt (17 -> 23)",
                        "--- before:/work/a.txt",
                        "+++ current:/work/a.txt",
                        "@@ -1,3 +1,4 @@",
                        " alpha",
                        "-beta",
                        "+BETA",
                        " gamma",
                        "+delta",
                        "M /work/data.bin (300 -> 300)",
                        "Binary files differ",
                        ""),
                patch);
        cli.ok("rm", "/work/b.txt");
        String deleted = cli.ok("snapshot", "diff", "before", "current", "--patch");
        // as diff(1) and git number an empty range: by the line before it
        assertTrue(
                deleted.contains("D /work/b.txt (14)\n--- before:/work/b.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n"
                        + "-to be deleted\n"),
                deleted);
    }

    /** Files whose last line has no newline before, after, or on one side only. */
    private String patchOfLastLinesWithoutNewline() {
        put("/work/both.txt", "v1");
        put("/work/gains.txt", "a\nb");
        put("/work/loses.txt", "a\nb\n");
        put("/work/grows.txt", "a\nb");
        cli.ok("snapshot", "create", "before");
        put("/work/both.txt", "v2");
        put("/work/gains.txt", "a\nb\n");
        put("/work/loses.txt", "a\nb");
        put("/work/grows.txt", "a\nb\nc");
        return cli.ok("snapshot", "diff", "before", "current", "--patch");
    }

    @Test
    void diffPatchMarksALastLineWithoutNewlineAsGnuDiffDoes() {
        // each hunk as `diff -u` (GNU diffutils 3.8) prints it for the same two files
        assertEquals(
                String.join(
                        "\n",
                        "M /work/both.txt (2 -> 2)",
                        "--- before:/work/both.txt",
                        "+++ current:/work/both.txt",
                        "@@ -1 +1 @@",
                        "-v1",
                        "\\ No newline at end of file",
                        "+v2",
                        "\\ No newline at end of file",
                        "M /work/gains.txt (3 -> 4)",
                        "--- before:/work/gains.txt",
                        "+++ current:/work/gains.txt",
                        "@@ -1,2 +1,2 @@",
                        " a",
                        "-b",
                        "\\ No newline at end of file",
                        "+b",
                        "M /work/grows.txt (3 -> 5)",
                        "--- before:/work/grows.txt",
                        "+++ current:/work/grows.txt",
                        "@@ -1,2 +1,3 @@",
                        " a",
                        "-b",
                        "\\ No newline at end of file",
                        "+b",
                        "+c",
                        "\\ No newline at end of file",
                        "M /work/loses.txt (4 -> 3)",
                        "--- before:/work/loses.txt",
                        "+++ current:/work/loses.txt",
                        "@@ -1,2 +1,2 @@",
                        " a",
                        "-b",
                        "+b",
                        "\\ No newline at end of file",
                        ""),
                patchOfLastLinesWithoutNewline());
    }

    @Test
    void diffPatchOfLastLinesWithoutNewlineAppliesWithGnuPatch() throws Exception {
        Path patchProgram = Path.of("/usr/bin/patch");
        assumeTrue(Files.isExecutable(patchProgram), "GNU patch is not installed");
        String patch = patchOfLastLinesWithoutNewline();
        Map<String, String[]> files = Map.of(
                "both.txt", new String[] {"v1", "v2"},
                "gains.txt", new String[] {"a\nb", "a\nb\n"},
                "loses.txt", new String[] {"a\nb\n", "a\nb"},
                "grows.txt", new String[] {"a\nb", "a\nb\nc"});
        for (Map.Entry<String, String[]> file : files.entrySet()) {
            int start = patch.indexOf("--- before:/work/" + file.getKey());
            int end = patch.indexOf("\nM ", start);
            Path original = Files.writeString(dir.resolve(file.getKey()), file.getValue()[0]);
            Path hunk = Files.writeString(
                    dir.resolve(file.getKey() + ".patch"), patch.substring(start, end < 0 ? patch.length() : end + 1));
            Path patched = dir.resolve(file.getKey() + ".new");
            Process process = new ProcessBuilder(
                            patchProgram.toString(),
                            "-s",
                            "-o",
                            patched.toString(),
                            original.toString(),
                            hunk.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), file.getKey() + ": " + output);
            assertEquals(file.getValue()[1], Files.readString(patched), file.getKey());
        }
    }

    @Test
    void aSnapshotCopiesNoDataAndGcReclaimsWhatNoLayerNeeds() {
        cli.ok("snapshot", "create", "empty-ish");
        byte[] big = new byte[400_000];
        new Random(5).nextBytes(big);
        put("/work/big.bin", big);
        long withBig = storedBytes();
        assertTrue(withBig >= big.length, "stored " + withBig);
        cli.ok("snapshot", "create", "with-big");
        put("/work/big-copy.bin", big);
        assertEquals(withBig, storedBytes(), "a snapshot and an identical file share the stored chunks");
        String du = cli.ok("du", "-s", "/");
        assertTrue(du.contains(withBig + "\tstored by tenant 'default'"), du);
        assertTrue(du.startsWith((2L * big.length + 17 + 14 + 14) + "\t/\n"), du);

        cli.ok("snapshot", "restore", "empty-ish", "--discard");
        cli.ok("snapshot", "drop", "with-big");
        JsonNode gc = readJson(cli.ok("gc", "--json"));
        assertTrue(gc.get("chunks").asLong() > 0 && gc.get("bytes").asLong() >= big.length, gc.toString());
        assertTrue(
                storedBytes() < withBig - big.length + 1,
                "stored " + storedBytes() + " after gc, " + withBig + " before");
        assertEquals(ExitCodes.NOT_FOUND, cli.run("cat", "/work/big.bin").code());
        assertTrue(cli.ok("gc").matches("reclaimed 0 layers, 0 chunks, 0 bytes\n"), "a second gc finds nothing");
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
