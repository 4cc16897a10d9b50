package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox run --dir}: the program's files land in (and persist in) the tenant's tree. */
class RunInTenantTreeTest {
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
    void filesWrittenByTheProgramPersistInTheTree() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        cli.ok("mkdir", "/work");
        String hello = module("hello").toString();
        Cli.Result run = cli.run("run", "--dir", "/work::/data", hello, "--", "/data/out.txt");
        assertEquals(0, run.code(), run.toString());
        assertEquals("hello from wasi, argc=2\nentry .\nentry ..\nentry out.txt\n", run.out());
        assertEquals("some content\n", cli.ok("cat", "/work/out.txt"));
        Cli.Result again = cli.run("run", "--dir", "/work::/data", hello, "--", "/data/second.txt");
        assertTrue(again.out().contains("entry out.txt\n"), again.toString());
    }

    @Test
    void aMissingTreeDirectoryIsNotFound() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        Cli.Result run = cli.run("run", "--dir", "/nope::/data", module("exit7").toString());
        assertEquals(ExitCodes.NOT_FOUND, run.code(), run.toString());
    }
}
