package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole directories in and out: host directories and tar archives, with links, modes and mtimes. */
class ImportExportTest {
    private static final FileTime FILE_TIME = FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z"));
    private static final FileTime DIR_TIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

    @TempDir
    Path dir;

    private Cli cli;
    private byte[] big;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        big = new byte[(1 << 20) * 2 + 77];
        new Random(42).nextBytes(big);
    }

    /** A host tree: top/{small.txt, exec.sh (0755), big.bin, link -> small.txt, sub/deeper/empty/}. */
    private Path hostTree() throws IOException {
        Path top = Files.createDirectories(dir.resolve("top"));
        Files.writeString(top.resolve("small.txt"), "small\n");
        Files.writeString(top.resolve("exec.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(top.resolve("exec.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(top.resolve("big.bin"), big);
        Files.createSymbolicLink(top.resolve("link"), Path.of("small.txt"));
        Files.createDirectories(top.resolve("sub/deeper/empty"));
        Files.writeString(top.resolve("sub/deeper/note"), "note");
        Files.setLastModifiedTime(top.resolve("small.txt"), FILE_TIME);
        Files.setLastModifiedTime(top.resolve("sub"), DIR_TIME);
        return top;
    }

    private void assertSameTree(Path expected, Path actual) throws IOException {
        assertEquals("small\n", Files.readString(actual.resolve("small.txt")));
        assertArrayEquals(big, Files.readAllBytes(actual.resolve("big.bin")));
        assertEquals("note", Files.readString(actual.resolve("sub/deeper/note")));
        assertTrue(Files.isDirectory(actual.resolve("sub/deeper/empty")));
        assertTrue(Files.isSymbolicLink(actual.resolve("link")));
        assertEquals(Path.of("small.txt"), Files.readSymbolicLink(actual.resolve("link")));
        assertEquals(
                "rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(actual.resolve("exec.sh"))));
        assertEquals(
                Files.getLastModifiedTime(expected.resolve("small.txt")).toMillis(),
                Files.getLastModifiedTime(actual.resolve("small.txt")).toMillis());
        assertEquals(
                DIR_TIME.toMillis(),
                Files.getLastModifiedTime(actual.resolve("sub"), LinkOption.NOFOLLOW_LINKS)
                        .toMillis());
    }

    @Test
    void hostDirectoryRoundTrip() throws IOException {
        Path top = hostTree();
        cli.ok("import", top.toString(), "/imported");
        assertEquals("big.bin\nexec.sh\nlink\nsmall.txt\nsub\n", cli.ok("ls", "/imported"));
        assertEquals("small\n", cli.ok("cat", "/imported/link"));
        assertTrue(cli.ok("stat", "/imported/small.txt").contains("Modify: 2021-03-04T05:06:07.123456789Z"));

        Path out = dir.resolve("exported");
        cli.ok("export", "/imported", out.toString());
        assertSameTree(top, out);
    }

    @Test
    void tarRoundTripThroughFilesAndPipes() throws IOException {
        Path top = hostTree();
        cli.ok("import", top.toString(), "/src");
        Path archive = dir.resolve("tree.tar");
        cli.ok("export", "/src", "--tar", archive.toString());

        cli.ok("import", "--tar", archive.toString(), "/from-file");
        byte[] piped = cli.run("export", "/from-file", "--tar", "-").stdout();
        assertEquals(
                0, cli.runWithInput(piped, "import", "--tar", "-", "/from-pipe").code());

        Path out = dir.resolve("out");
        cli.ok("export", "/from-pipe", out.toString());
        assertSameTree(top, out);
    }

    @Test
    void gzippedTarIsRecognized() throws IOException {
        cli.ok("mkdir", "/d");
        cli.runWithInput("zipped".getBytes(StandardCharsets.UTF_8), "put", "-", "/d/z.txt");
        byte[] tar = cli.run("export", "/", "--tar", "-").stdout();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(tar);
        }
        assertEquals(
                0,
                cli.runWithInput(gzipped.toByteArray(), "import", "--tar", "-", "/copy")
                        .code());
        assertEquals("zipped", cli.ok("cat", "/copy/d/z.txt"));
    }

    @Test
    void tarArchiveIsReadableByOtherTools() throws IOException {
        cli.ok("mkdir", "/d");
        cli.runWithInput("hello".getBytes(StandardCharsets.UTF_8), "put", "-", "/d/h.txt");
        cli.ok("ln", "-s", "d/h.txt", "/s");
        byte[] tar = cli.run("export", "/", "--tar", "-").stdout();
        StringBuilder listing = new StringBuilder();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                listing.append(entry.getName())
                        .append(entry.isSymbolicLink() ? " -> " + entry.getLinkName() : "")
                        .append('\n');
                if (entry.isFile() && !entry.isSymbolicLink()) {
                    assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals("d/\nd/h.txt\ns -> d/h.txt\n", listing.toString());
    }

    @Test
    void tarWithHardLinksAndMissingParentDirectories() throws IOException {
        byte[] tar = tar(out -> {
            addFile(out, "./a/b/file.txt", "data");
            TarArchiveEntry hard =
                    new TarArchiveEntry("a/hard", org.apache.commons.compress.archivers.tar.TarConstants.LF_LINK);
            hard.setLinkName("a/b/file.txt");
            out.putArchiveEntry(hard);
            out.closeArchiveEntry();
        });
        assertEquals(0, cli.runWithInput(tar, "import", "--tar", "-", "/").code());
        assertEquals("data", cli.ok("cat", "/a/hard"));
        assertTrue(cli.ok("stat", "/a/hard").contains("Links: 2"));
    }

    @Test
    void tarEntriesCannotEscapeTheTarget() throws IOException {
        byte[] tar = tar(out -> {
            addFile(out, "fine/first.txt", "harmless");
            addFile(out, "../escape.txt", "evil");
        });
        Cli.Result result = cli.runWithInput(tar, "import", "--tar", "-", "/box");
        assertEquals(ExitCodes.FAILED, result.code(), result.toString());
        assertTrue(result.err().contains("operation not permitted"), result.err());
        assertEquals("", cli.ok("ls", "/"), "a failed import leaves the tree as it was");

        cli.ok("mkdir", "/existing");
        assertEquals(
                ExitCodes.FAILED,
                cli.runWithInput(tar, "import", "--tar", "-", "/existing").code());
        assertEquals("existing\n", cli.ok("ls", "/"));
        assertEquals("", cli.ok("ls", "/existing"));
    }

    @Test
    void importRefusesANonEmptyTargetBeforeWriting() throws IOException {
        Path top = hostTree();
        cli.ok("mkdir", "-p", "/busy/x");
        Cli.Result result = cli.run("import", top.toString(), "/busy");
        assertEquals(ExitCodes.CONFLICT, result.code(), result.toString());
        assertEquals("x\n", cli.ok("ls", "/busy"));
        assertEquals(
                ExitCodes.NOT_FOUND,
                cli.run("import", dir.resolve("missing").toString(), "/y").code());
        assertEquals(ExitCodes.USAGE, cli.run("import", "/only-one-arg").code());
    }

    @Test
    void exportRefusesANonEmptyHostDirectory() throws IOException {
        Path out = Files.createDirectories(dir.resolve("full"));
        Files.writeString(out.resolve("mine"), "mine");
        cli.ok("mkdir", "/d");
        assertEquals(ExitCodes.CONFLICT, cli.run("export", "/d", out.toString()).code());
        assertEquals("mine", Files.readString(out.resolve("mine")));
    }

    private interface TarWriter {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    private static byte[] tar(TarWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    private static void addFile(TarArchiveOutputStream out, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        out.putArchiveEntry(entry);
        out.write(data);
        out.closeArchiveEntry();
    }
}
