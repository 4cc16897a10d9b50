package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure is one line {@code tarbox: <command>: <message>} on stderr, the documented exit
 * code, no stack trace, and the stored data unchanged.
 */
class ErrorExitCodesTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        cli.ok("mkdir", "-p", "/dir/sub");
        cli.runWithInput("keep".getBytes(StandardCharsets.UTF_8), "put", "-", "/file");
    }

    /** Runs a failing command and checks its code and the one-line message. */
    private String fails(int expectedCode, String... args) {
        Cli.Result result = cli.run(args);
        assertEquals(expectedCode, result.code(), result.toString());
        String err = result.err();
        assertEquals(1, err.lines().count(), "one line: " + err);
        String command = args[0].equals("tenant") ? "tenant " + args[1] : args[0];
        assertTrue(err.startsWith("tarbox: " + command + ": "), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        return err;
    }

    private void treeUnchanged() {
        assertEquals("dir\nfile\n", cli.ok("ls", "/"));
        assertEquals("sub\n", cli.ok("ls", "/dir"));
        assertEquals("keep", cli.ok("cat", "/file"));
    }

    @Test
    void missingPathIsNotFound() {
        assertTrue(fails(ExitCodes.NOT_FOUND, "cat", "/nope").contains("/nope: no such file or directory"));
        fails(ExitCodes.NOT_FOUND, "ls", "/nope/deeper");
        fails(ExitCodes.NOT_FOUND, "stat", "/nope");
        fails(ExitCodes.NOT_FOUND, "rm", "/nope");
        fails(ExitCodes.NOT_FOUND, "mv", "/nope", "/x");
        fails(ExitCodes.NOT_FOUND, "mkdir", "/no/parent");
        fails(ExitCodes.NOT_FOUND, "put", dir.resolve("no-such-host-file").toString(), "/x");
        fails(ExitCodes.NOT_FOUND, "get", "/nope", dir.resolve("x").toString());
        treeUnchanged();
    }

    @Test
    void existingTargetIsAConflict() {
        assertTrue(fails(ExitCodes.CONFLICT, "mkdir", "/dir").contains("/dir: file exists"));
        fails(ExitCodes.CONFLICT, "mkdir", "/new", "/dir"); // checked before /new is made
        fails(ExitCodes.CONFLICT, "ln", "-s", "anything", "/file");
        fails(ExitCodes.CONFLICT, "ln", "/file", "/dir");
        treeUnchanged();
    }

    @Test
    void nonEmptyDirectoryIsAConflict() {
        assertTrue(fails(ExitCodes.CONFLICT, "rm", "/dir").contains("is a directory"));
        fails(ExitCodes.CONFLICT, "rm", "/file", "/dir"); // /file stays: all paths are checked first
        treeUnchanged();
    }

    @Test
    void moveOntoNonEmptyDirectoryFails() {
        cli.ok("mkdir", "-p", "/src/sub");
        cli.runWithInput(new byte[] {1}, "put", "-", "/dir/sub/occupant");
        assertTrue(fails(ExitCodes.CONFLICT, "mv", "/src/sub", "/dir").contains("directory not empty"));
        assertEquals("occupant\n", cli.ok("ls", "/dir/sub"));
        assertEquals("sub\n", cli.ok("ls", "/src"));
    }

    @Test
    void fileWhereADirectoryIsNeededIsAConflict() {
        fails(ExitCodes.CONFLICT, "ls", "/file/x");
        fails(ExitCodes.CONFLICT, "mkdir", "/file/x");
        fails(ExitCodes.CONFLICT, "mkdir", "-p", "/file/x");
        fails(ExitCodes.CONFLICT, "cat", "/dir");
        fails(ExitCodes.CONFLICT, "get", "/dir", dir.resolve("x").toString());
        fails(ExitCodes.CONFLICT, "export", "/file", dir.resolve("out").toString());
        assertFalse(Files.exists(dir.resolve("x")));
        treeUnchanged();
    }

    @Test
    void putOntoADirectoryWithTheSameNameIsAConflict() throws IOException {
        Path host = dir.resolve("sub");
        Files.writeString(host, "would clash with /dir/sub");
        assertTrue(fails(ExitCodes.CONFLICT, "put", host.toString(), "/dir").contains("/dir/sub: is a directory"));
        treeUnchanged();
    }

    @Test
    void garbageDatabaseIsAStorageError() throws IOException {
        Path garbage = dir.resolve("garbage.db");
        byte[] content =
                "this is not SQLite, not at all, and long enough\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(garbage, content);
        String err = fails(ExitCodes.STORAGE, "ls", "--db", garbage.toString(), "/");
        assertTrue(err.contains("not a SQLite database"), err);
        assertArrayEquals(content, Files.readAllBytes(garbage), "the file is left as it was");
    }

    @Test
    void readOnlyDatabaseIsAStorageError() throws Exception {
        Path readOnly = dir.resolve("ro.db");
        Files.copy(cli.db, readOnly);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        boolean immutable = false;
        if (Files.isWritable(readOnly)) {
            // Root ignores permission bits; an immutable file is read-only for root too.
            immutable = new ProcessBuilder("chattr", "+i", readOnly.toString())
                            .start()
                            .waitFor()
                    == 0;
            assumeFalse(Files.isWritable(readOnly), "cannot make a file read-only for this user (root without chattr)");
        }
        try {
            byte[] before = Files.readAllBytes(readOnly);
            assertTrue(fails(ExitCodes.STORAGE, "mkdir", "--db", readOnly.toString(), "/x")
                    .contains("not writable"));
            assertArrayEquals(before, Files.readAllBytes(readOnly));
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", readOnly.toString()).start().waitFor();
            }
        }
    }

    @Test
    void databaseInUnwritableOrMissingDirectoryIsAStorageError() {
        fails(ExitCodes.STORAGE, "init", "--db", dir.resolve("no/such/dir/x.db").toString());
        fails(ExitCodes.STORAGE, "init", "--db", dir.toString());
    }

    @Test
    void passwordsInDatabaseUrlsAreNeverPrinted() {
        String err = fails(
                ExitCodes.STORAGE, "ls", "--db", "postgresql://alice:s3cret@127.0.0.1:1/tarbox?password=s3cret", "/");
        assertFalse(err.contains("s3cret"), err);
    }

    /**
     * Where the native calls behind held directory handles cannot load (here: JNA told not to unpack
     * or look for its library), {@code --host-dir} and {@code export} to a directory are refused with
     * one line and exit code 13, before anything on the host is touched.
     */
    @Test
    void hostDirectoriesAreRefusedWhereHandlesCannotBeHeld() throws Exception {
        Path hostDir = Files.createDirectory(dir.resolve("host"));
        Path module = dir.resolve("hello.wasm");
        try (var in = getClass().getResourceAsStream("/wasm/hello.wasm")) {
            Files.write(module, in.readAllBytes());
        }
        String[][] commands = {
            {"run", "--host-dir", hostDir + "::/data", module.toString()},
            {"export", "/dir", dir.resolve("out").toString()},
        };
        for (String[] args : commands) {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Djna.nosys=true",
                    "-Djna.nounpack=true",
                    "-Djna.boot.library.path=" + dir.resolve("none"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(cli.env);
            Process process = builder.start();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(ExitCodes.UNSUPPORTED, process.waitFor(), err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("tarbox: " + args[0] + ": ") && err.contains("refused"), err);
        }
        try (var entries = Files.list(hostDir)) {
            assertEquals(0, entries.count());
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    /** An archive of the given entries: name, and for a symlink its target (else a small file). */
    private static byte[] tar(String... entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                var entry = entries[i + 1] == null
                        ? new org.apache.commons.compress.archivers.tar.TarArchiveEntry(entries[i], true)
                        : new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                                entries[i], org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK, true);
                if (entries[i + 1] == null) {
                    entry.setSize(1);
                } else {
                    entry.setLinkName(entries[i + 1]);
                }
                out.putArchiveEntry(entry);
                if (entries[i + 1] == null) {
                    out.write('x');
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void anEvilArchiveIsRefusedNamingTheEntry() throws IOException {
        String[][] archives = {
            {"ok", null, "../escape", null},
            {"link", "/etc", "link/passwd", null},
            {"up", "..", "up/x", null},
            {"a/b/../../../c", null},
        };
        String[] refused = {"../escape", "link/passwd", "up/x", "a/b/../../../c"};
        for (int i = 0; i < archives.length; i++) {
            Path archive = dir.resolve("evil" + i + ".tar");
            Files.write(archive, tar(archives[i]));
            String err = fails(ExitCodes.FAILED, "import", "--tar", archive.toString(), "/evil" + i);
            assertTrue(
                    err.contains("archive entry '" + refused[i] + "'") && err.contains("operation not permitted"), err);
            fails(ExitCodes.NOT_FOUND, "ls", "/evil" + i); // undone: the import's target is gone again
        }
        treeUnchanged();
        // An absolute entry name is taken as relative to the target, as tar(1) does.
        Path absolute = dir.resolve("absolute.tar");
        Files.write(absolute, tar("/etc/absolute", null));
        cli.ok("import", "--tar", absolute.toString(), "/abs");
        assertEquals("x", cli.ok("cat", "/abs/etc/absolute"));
    }

    @Test
    void getIntoAMissingHostDirectoryNamesTheDestination() {
        String destination = dir.resolve("no/such/dir/copy.txt").toString();
        String err = fails(ExitCodes.NOT_FOUND, "get", "/file", destination);
        assertTrue(err.contains(destination + ": no such file or directory"), err);
        assertFalse(err.contains(".tarbox-get-"), err);
    }

    @Test
    void unknownTenantIsNotFound() {
        assertTrue(fails(ExitCodes.NOT_FOUND, "ls", "--tenant", "nobody", "/").contains("unknown tenant 'nobody'"));
        fails(ExitCodes.NOT_FOUND, "tenant", "delete", "nobody");
    }

    @Test
    void unknownFlagIsAUsageError() {
        fails(ExitCodes.USAGE, "rm", "--bogus", "/file");
        treeUnchanged();
    }

    @Test
    void removingTheRootIsRefused() {
        fails(ExitCodes.FAILED, "rm", "-r", "/");
        treeUnchanged();
    }

    @Test
    void debugPrintsTheStackTrace() {
        Cli.Result result = cli.run("--debug", "cat", "/nope");
        assertEquals(ExitCodes.NOT_FOUND, result.code());
        assertTrue(result.err().contains("\tat "), result.err());
    }
}
