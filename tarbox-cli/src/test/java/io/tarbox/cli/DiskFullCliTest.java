package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.storage.testing.SmallDisk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, as a user meets it: the database on a 12 MB tmpfs, or a host file on /dev/full.
 * Exit 7 ("storage full", docs/cli.md) both ways, one line, and nothing committed before is lost.
 */
class DiskFullCliTest {
    @TempDir
    Path dir;

    private Path module(String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name + ".wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void aFullDiskUnderTheDatabaseIsExit7AndKeepsWhatWasCommitted() throws Exception {
        Path big = IncompressibleFile.write(dir.resolve("big.bin"), 20);
        Path small = dir.resolve("small");
        try (SmallDisk disk = SmallDisk.mount(small, 12)) {
            Cli cli = new Cli(disk.dir());
            cli.env.put("HOME", dir.resolve("home").toString()); // the module cache stays off the small disk
            cli.ok("init");
            cli.ok("mkdir", "/d");
            Path note = dir.resolve("note.txt");
            Files.writeString(note, "committed first\n");
            cli.ok("put", note.toString(), "/d/note.txt");

            // the program gets ENOSPC, deletes, goes on; the run is the program's exit 0
            Cli.Result run = cli.run(
                    "run",
                    "--no-audit",
                    "--dir",
                    "/d::/data",
                    module("diskfull").toString());
            assertEquals(0, run.code(), run.toString());
            assertEquals("fill: ENOSPC after 1 bytes\nafter: ok\n", run.out());
            Cli.Result put = cli.run("put", big.toString(), "/d/big.bin");
            assertEquals(ExitCodes.NO_SPACE, put.code(), put.toString());
            assertEquals(1, put.err().lines().count(), put.err());
            assertTrue(put.err().startsWith("tarbox: put: "), put.err());
            assertTrue(put.err().contains("storage full") || put.err().contains("no space"), put.err());

            assertEquals("committed first\n", cli.ok("cat", "/d/note.txt"));
            assertEquals("kept across the full disk\n", cli.ok("cat", "/d/keep.txt"));
        }
    }

    @Test
    void aFullHostDiskIsExit7() throws Exception {
        Cli cli = new Cli(dir);
        cli.ok("init");
        Path note = dir.resolve("note.txt");
        byte[] bytes = new byte[3 << 20];
        new Random(3).nextBytes(bytes);
        Files.write(note, bytes);
        cli.ok("put", note.toString(), "/note.bin");
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-host"), 1)) {
            Cli.Result get =
                    cli.run("get", "/note.bin", disk.dir().resolve("note.bin").toString());
            assertEquals(ExitCodes.NO_SPACE, get.code(), get.toString());
            assertEquals(1, get.err().lines().count(), get.err());
            assertTrue(get.err().contains("No space left on device"), get.err());
        }
    }
}
