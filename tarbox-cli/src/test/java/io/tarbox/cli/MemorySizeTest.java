package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memories larger than the engine holds (one Java array: 32,767 pages): a module that declares 4 GiB
 * at start is a one-line error and exit 10, never an internal error (70); a grow past it is refused
 * as memory.grow may be.
 */
class MemorySizeTest {
    @TempDir
    Path dir;

    private String module(String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name + ".wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void fourGibibytesAtStartIsExit10WithOneLine() throws IOException {
        for (String engine : new String[] {"--no-cache", "--interpreter"}) {
            Cli.Result run = new Cli(dir).run("run", engine, module("memory-4gib"));
            assertEquals(ExitCodes.MEMORY_LIMIT, run.code(), run.toString());
            assertEquals(
                    "tarbox: run: the module needs 65536 pages (4096 MiB) of memory at start; Tarbox's engine holds"
                            + " at most 32767 pages (2 GiB less 64 KiB)\n",
                    run.err());
        }
    }

    @Test
    void aGrowPastWhatTheEngineHoldsIsRefused() throws IOException {
        Cli.Result run = new Cli(dir).run("run", module("memory-2gib-grow"));
        assertEquals(3, run.code(), run.toString());
    }
}
