package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file commands against a real SQLite database, as a user runs them. */
class FileCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
    }

    private Path hostFile(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    @Test
    void initSaysWhereTheDatabaseIs() {
        String said = cli.ok("init");
        assertTrue(said.contains(cli.db.toString()), said);
        assertTrue(Files.isRegularFile(cli.db));
    }

    @Test
    void mkdirLsAndTree() {
        cli.ok("mkdir", "/a", "/b");
        cli.ok("mkdir", "-p", "/a/x/y", "/a");
        cli.ok("mkdir", "/.hidden");
        assertEquals("a\nb\n", cli.ok("ls"));
        assertEquals(".\n..\n.hidden\na\nb\n", cli.ok("ls", "-a", "/"));
        assertEquals("x\n", cli.ok("ls", "/a"));
        String longListing = cli.ok("ls", "-l", "/a");
        assertTrue(longListing.matches("drwxr-xr-x +\\d+ +\\d+ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d x\\n"), longListing);
        assertEquals("/a\n└── x\n    └── y\n\n2 directories, 0 files\n", cli.ok("tree", "/a"));
    }

    @Test
    void getIntoAFifoWritesThroughItAndLeavesItAFifo() throws Exception {
        Path source = hostFile("note.txt", "through the pipe\n".getBytes(StandardCharsets.UTF_8));
        cli.ok("put", source.toString(), "/note.txt");
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        // A reader waits on the pipe, as one would on /dev/stdout or a device; renaming a file over
        // the name would leave it waiting and put a regular file where the pipe was.
        Process reader = new ProcessBuilder("cat", fifo.toString()).start();
        try {
            cli.ok("get", "/note.txt", fifo.toString());
            assertTrue(reader.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the reader got no end of file");
            assertEquals(
                    "through the pipe\n", new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the pipe was replaced by a regular file");
        } finally {
            reader.destroyForcibly();
        }
    }

    @Test
    void putCatGetRoundTrip() throws IOException {
        byte[] content = new byte[3 * (1 << 20) + 12345]; // spans several copy buffers
        new Random(7).nextBytes(content);
        Path source = hostFile("data.bin", content);
        cli.ok("mkdir", "/d");
        cli.ok("put", source.toString(), "/d"); // into the directory, under its own name
        assertArrayEquals(content, cli.run("cat", "/d/data.bin").stdout());

        Path back = dir.resolve("back.bin");
        cli.ok("get", "/d/data.bin", back.toString());
        assertArrayEquals(content, Files.readAllBytes(back));

        Path hostDir = Files.createDirectory(dir.resolve("out"));
        cli.ok("get", "/d/data.bin", hostDir.toString());
        assertArrayEquals(content, Files.readAllBytes(hostDir.resolve("data.bin")));
        assertArrayEquals(content, cli.run("get", "/d/data.bin", "-").stdout());
    }

    @Test
    void putFromStdinAndReplaceExistingFile() {
        byte[] first = "first version, longer\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, cli.runWithInput(first, "put", "-", "/f.txt").code());
        assertEquals(0, cli.runWithInput(second, "put", "-", "/f.txt").code());
        assertEquals("second\n", cli.ok("cat", "/f.txt"));
        assertEquals("f.txt\n", cli.ok("ls", "-a", "/").replace(".\n..\n", ""), "no temporary file left behind");
    }

    @Test
    void putKeepsTheHostFilesMode() throws IOException {
        Path script = hostFile("run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        cli.ok("put", script.toString(), "/run.sh");
        assertEquals("0750", statJson("/run.sh").get("mode").asText());
    }

    @Test
    void catConcatenates() {
        cli.runWithInput("one\n".getBytes(StandardCharsets.UTF_8), "put", "-", "/1");
        cli.runWithInput("two\n".getBytes(StandardCharsets.UTF_8), "put", "-", "/2");
        assertEquals("one\ntwo\n", cli.ok("cat", "/1", "/2"));
    }

    @Test
    void rmFilesAndTrees() {
        cli.ok("mkdir", "-p", "/t/u/v");
        cli.runWithInput(new byte[] {1}, "put", "-", "/t/u/v/f");
        cli.runWithInput(new byte[] {1}, "put", "-", "/g");
        cli.ok("rm", "/g");
        cli.ok("rm", "-r", "/t");
        assertEquals("", cli.ok("ls"));
        cli.ok("rm", "-f", "/never-existed");
    }

    @Test
    void mvRenamesAndMovesIntoDirectories() {
        cli.ok("mkdir", "/dir");
        cli.runWithInput("x".getBytes(StandardCharsets.UTF_8), "put", "-", "/a");
        cli.ok("mv", "/a", "/b");
        cli.ok("mv", "/b", "/dir");
        assertEquals("b\n", cli.ok("ls", "/dir"));
        assertEquals("x", cli.ok("cat", "/dir/b"));
        cli.ok("mv", "/dir", "/renamed");
        assertEquals("renamed\n", cli.ok("ls"));
    }

    @Test
    void lnMakesSymbolicAndHardLinks() throws IOException {
        cli.runWithInput("content".getBytes(StandardCharsets.UTF_8), "put", "-", "/file");
        cli.ok("ln", "-s", "file", "/sym");
        cli.ok("ln", "/file", "/hard");
        assertEquals("content", cli.ok("cat", "/sym"));
        assertEquals("content", cli.ok("cat", "/hard"));
        JsonNode sym = statJson("/sym");
        assertEquals("symlink", sym.get("type").asText());
        assertEquals("file", sym.get("target").asText());
        assertEquals(2, statJson("/file").get("nlink").asInt());
        assertTrue(cli.ok("ls", "-l", "/").contains("sym -> file"));
        assertTrue(cli.ok("stat", "/sym").contains("File: /sym -> file"));
        assertEquals("file", statJsonFollowing("/sym").get("type").asText());
    }

    @Test
    void lsJsonHasEveryAttribute() throws IOException {
        cli.ok("mkdir", "/d");
        cli.runWithInput("12345".getBytes(StandardCharsets.UTF_8), "put", "-", "/d/f");
        JsonNode array = JSON.readTree(cli.ok("ls", "--json", "/d"));
        assertEquals(1, array.size());
        JsonNode f = array.get(0);
        assertEquals("f", f.get("name").asText());
        assertEquals("file", f.get("type").asText());
        assertEquals(5, f.get("size").asLong());
        assertEquals("0644", f.get("mode").asText());
        assertEquals(1, f.get("nlink").asLong());
        assertTrue(f.get("mtimeNs").asLong() > 0);
        assertTrue(f.has("ino") && f.has("mtime") && f.has("ctime") && f.has("atime"));
    }

    @Test
    void duCountsLogicalBytesOncePerInode() throws IOException {
        cli.ok("mkdir", "-p", "/a/b");
        cli.runWithInput(new byte[1000], "put", "-", "/a/one");
        cli.runWithInput(new byte[500], "put", "-", "/a/b/two");
        cli.ok("ln", "/a/b/two", "/a/b/hardlink-to-two");
        assertEquals("500\t/a/b\n1500\t/a\n", cli.ok("du", "/a"));
        assertEquals("1500\t/a\n", cli.ok("du", "-s", "/a"));
        JsonNode rows = JSON.readTree(cli.ok("du", "-s", "--json", "/"));
        assertEquals(1500, rows.get(0).get("logicalBytes").asLong());
        assertEquals(3, rows.get(0).get("files").asLong());
        assertEquals(2, rows.get(0).get("directories").asLong());
    }

    @Test
    void lsOfAFileListsJustIt() {
        cli.runWithInput(new byte[3], "put", "-", "/f");
        assertEquals("/f\n", cli.ok("ls", "/f"));
        assertTrue(cli.ok("ls", "-l", "/f").matches("-rw-r--r-- 1 3 .* /f\n"), cli.ok("ls", "-l", "/f"));
    }

    @Test
    void movingADirectoryIntoItselfFails() {
        cli.ok("mkdir", "-p", "/a/b");
        Cli.Result result = cli.run("mv", "/a", "/a/b");
        assertEquals(ExitCodes.FAILED, result.code(), result.toString());
        assertEquals("b\n", cli.ok("ls", "/a"));
    }

    @Test
    void relativePathsStartAtTheRoot() {
        cli.ok("mkdir", "-p", "a/b");
        cli.runWithInput("x".getBytes(StandardCharsets.UTF_8), "put", "-", "a/b/../f");
        assertEquals("b\nf\n", cli.ok("ls", "/a"));
        assertEquals("x", cli.ok("cat", "/../a/./f"));
    }

    @Test
    void statText() {
        cli.ok("mkdir", "/d");
        String text = cli.ok("stat", "/d");
        assertTrue(text.contains("Type: directory"), text);
        assertTrue(text.contains("Mode: 0755 (drwxr-xr-x)"), text);
    }

    private JsonNode statJson(String path) throws IOException {
        return JSON.readTree(cli.ok("stat", "--json", path));
    }

    private JsonNode statJsonFollowing(String path) throws IOException {
        return JSON.readTree(cli.ok("stat", "-L", "--json", path));
    }
}
