package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
    private static final int DIRECTORIES = 40;
    private static final int FILES = 10;

    @TempDir
    Path dir;

    @Test
    void aSymlinkPlantedDuringTheExportRedirectsNothing() throws Exception {
        Cli cli = new Cli(dir);
        Path source = Files.createDirectory(dir.resolve("source"));
        for (int d = 0; d < DIRECTORIES; d++) {
            Path sub = Files.createDirectory(source.resolve(String.format("d%02d", d)));
            for (int f = 0; f < FILES; f++) {
                Files.write(sub.resolve("f" + f), new byte[8192]);
            }
        }
        cli.ok("import", source.toString(), "/src");
        Path target = dir.resolve("target");
        Path outside = Files.createDirectory(dir.resolve("outside"));

        AtomicBoolean stop = new AtomicBoolean();
        Set<String> planted = new HashSet<>();
        Thread attacker = new Thread(() -> {
            while (!stop.get()) {
                try (Stream<Path> entries = Files.list(target)) {
                    for (Path entry : entries.toList()) {
                        String name = entry.getFileName().toString();
                        if (name.matches("d\\d\\d") && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                            Files.move(entry, target.resolve(name + ".moved"));
                            Files.createSymbolicLink(entry, outside);
                            planted.add(name);
                        }
                    }
                } catch (Exception e) {
                    // the target does not exist yet, or the exporter got there first: try again
                }
            }
        }, "attacker");
        attacker.start();
        Cli.Result result;
        try {
            result = cli.run("export", "/src", target.toString());
        } finally {
            stop.set(true);
            attacker.join();
        }

        try (Stream<Path> written = Files.walk(outside)) {
            assertEquals(List.of(outside), written.toList(), "the export wrote outside its target: " + result);
        }
        assertFalse(planted.isEmpty(), "the attacker never got to plant a symlink");
        if (result.code() != 0) { // it may notice a planted symlink (and says so), or never meet one
            assertEquals(1, result.err().lines().count(), result.toString());
            assertTrue(result.err().startsWith("tarbox: export: ") && !result.err().contains("Exception"), result.toString());
        }
    }
}
