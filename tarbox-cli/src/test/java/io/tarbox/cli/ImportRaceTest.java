package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox import} of a host directory while another process keeps swapping each of its
 * subdirectories with a symlink to a directory outside it: not one byte from outside may reach the
 * tree.
 */
class ImportRaceTest {
    private static final int DIRECTORIES = 30;
    private static final int FILES = 20;
    /** Imports raced; a path-based import reads the outside directory in most of them. */
    private static final int ROUNDS = 5;

    private static final String SECRET = "SECRET: outside the source";

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    @TempDir
    Path dir;

    @Test
    void aSymlinkSwappedInDuringTheImportLeaksNothingFromOutside() throws Exception {
        Cli cli = new Cli(dir);
        Path source = Files.createDirectory(dir.resolve("source"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        for (int f = 0; f < FILES; f++) {
            Files.writeString(outside.resolve("f" + f), SECRET);
        }
        for (int d = 0; d < DIRECTORIES; d++) {
            Path sub = Files.createDirectory(source.resolve(name(d)));
            for (int f = 0; f < FILES; f++) {
                Files.write(sub.resolve("f" + f), new byte[2048]);
            }
            Files.createSymbolicLink(source.resolve(name(d) + ".alt"), outside);
        }
        int swaps = 0;
        for (int round = 0; round < ROUNDS; round++) {
            AtomicInteger swapped = new AtomicInteger();
            Cli.Result result = importAgainst(cli, source, "/in" + round, swapped);
            swaps += swapped.get();
            if (result.code() != 0) { // it may meet a swapped name (and says so), or never meet one
                assertEquals(1, result.err().lines().count(), result.toString());
                assertTrue(
                        result.err().startsWith("tarbox: import: ")
                                && !result.err().contains("Exception"),
                        result.toString());
                continue;
            }
            Path check = dir.resolve("check" + round);
            cli.ok("export", "/in" + round, check.toString());
            try (Stream<Path> files = Files.walk(check)) {
                for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .toList()) {
                    assertFalse(
                            new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(SECRET),
                            "the import read " + file + " from outside its source");
                }
            }
        }
        assertTrue(swaps > 0, "the attacker never got to swap a directory");
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(FILES, left.count());
        }
    }

    /** Imports {@code source} while a thread swaps its directories and their symlinks, back and forth. */
    private static Cli.Result importAgainst(Cli cli, Path source, String target, AtomicInteger swapped)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread attacker = new Thread(
                () -> {
                    while (!stop.get()) {
                        for (int d = 0; d < DIRECTORIES && !stop.get(); d++) {
                            String dirName = source.resolve(name(d)).toString();
                            String linkName = source.resolve(name(d) + ".alt").toString();
                            // One atomic step: the directory and the symlink trade names.
                            if (ExportRaceTest.Renames.C.renameat2(
                                            AT_FDCWD, dirName, AT_FDCWD, linkName, RENAME_EXCHANGE)
                                    == 0) {
                                swapped.incrementAndGet();
                            }
                        }
                    }
                },
                "attacker");
        attacker.start();
        try {
            return cli.run("import", source.toString(), target);
        } finally {
            stop.set(true);
            attacker.join();
        }
    }

    private static String name(int d) {
        return String.format("d%02d", d);
    }
}
