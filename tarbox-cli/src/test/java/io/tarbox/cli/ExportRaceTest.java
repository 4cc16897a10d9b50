package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox export} while another process renames each directory it has just made and plants
 * a symlink to a directory outside the target in its place: not one byte may land outside.
 */
class ExportRaceTest {
    private static final int DIRECTORIES = 30;
    private static final int FILES = 20;
    /** Exports raced; a path-based export escapes or fails in most (its first slip ends it). */
    private static final int ROUNDS = 5;

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    /** renameat2(2): swapping a directory and a symlink in one step, as an attacker would. */
    interface Renames extends Library {
        Renames C = Native.load("c", Renames.class);

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);
    }

    @TempDir
    Path dir;

    @Test
    void aSymlinkPlantedDuringTheExportRedirectsNothing() throws Exception {
        Cli cli = new Cli(dir);
        Path source = Files.createDirectory(dir.resolve("source"));
        for (int d = 0; d < DIRECTORIES; d++) {
            Path sub = Files.createDirectory(source.resolve(String.format("d%02d", d)));
            for (int f = 0; f < FILES; f++) {
                Files.write(sub.resolve("f" + f), new byte[2048]);
            }
        }
        cli.ok("import", source.toString(), "/src");
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Object outsideBefore = Files.readAttributes(outside, "unix:mode,lastModifiedTime,ctime");
        for (int round = 0; round < ROUNDS; round++) {
            Path target = dir.resolve("target" + round);
            Set<String> planted = Collections.synchronizedSet(new HashSet<>());
            Cli.Result result = exportAgainst(cli, target, outside, planted);
            try (Stream<Path> written = Files.walk(outside)) {
                assertEquals(List.of(outside), written.toList(), "the export wrote outside its target: " + result);
            }
            assertEquals(
                    outsideBefore,
                    Files.readAttributes(outside, "unix:mode,lastModifiedTime,ctime"),
                    "the export changed the outside directory's mode or times: " + result);
            assertFalse(planted.isEmpty(), "the attacker never got to plant a symlink");
            if (result.code() != 0) { // it may notice a planted symlink (and says so), or never meet one
                assertEquals(1, result.err().lines().count(), result.toString());
                assertTrue(
                        result.err().startsWith("tarbox: export: ")
                                && !result.err().contains("Exception"),
                        result.toString());
            }
        }
    }

    /** Exports /src to {@code target} while a thread swaps each directory it makes for a symlink to {@code outside}. */
    private static Cli.Result exportAgainst(Cli cli, Path target, Path outside, Set<String> planted) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread attacker = new Thread(
                () -> {
                    // The export makes d00, d01, ... in order: wait for each, then swap it at once.
                    for (int d = 0; d < DIRECTORIES && !stop.get(); d++) {
                        String name = String.format("d%02d", d);
                        Path made = target.resolve(name);
                        while (!stop.get() && !Files.isDirectory(made, LinkOption.NOFOLLOW_LINKS)) {
                            Thread.onSpinWait();
                        }
                        try {
                            Path link = Files.createSymbolicLink(target.resolve(name + ".moved"), outside);
                            // One atomic step: the directory becomes NAME.moved, the symlink NAME.
                            if (Renames.C.renameat2(
                                            AT_FDCWD, made.toString(), AT_FDCWD, link.toString(), RENAME_EXCHANGE)
                                    == 0) {
                                planted.add(name);
                            }
                        } catch (Exception e) {
                            // the export is over, or failed: nothing left to redirect
                        }
                    }
                },
                "attacker");
        attacker.start();
        try {
            return cli.run("export", "/src", target.toString());
        } finally {
            stop.set(true);
            attacker.join();
        }
    }
}
