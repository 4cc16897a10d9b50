package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.storage.host.HostFilesystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The file host functions over a real tree (a host directory through the contract), seen through
 * the probe plugin, whose manifest asks for /data. Each answer is
 * "exists=E size=S read=R|CONTENT" (see src/test/plugins/probe.c).
 */
class PluginFilesTest {
    @TempDir Path root;
    private FilesystemInterface fs;

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("data/sub"));
        Files.createDirectories(root.resolve("secret"));
        Files.createDirectories(root.resolve("database"));
        Files.writeString(root.resolve("data/a.txt"), "hello");
        Files.writeString(root.resolve("data/sub/b.txt"), "bee");
        Files.writeString(root.resolve("data/big.txt"), "x".repeat(100));
        Files.writeString(root.resolve("secret/s.txt"), "secret");
        Files.writeString(root.resolve("database/d.txt"), "d");
        Files.createSymbolicLink(root.resolve("data/alias"), Path.of("a.txt"));
        Files.createSymbolicLink(root.resolve("data/sub/up"), Path.of("../a.txt"));
        Files.createSymbolicLink(root.resolve("data/out"), Path.of("../secret/s.txt"));
        Files.createSymbolicLink(root.resolve("data/absolute"), Path.of("/secret/s.txt"));
        Files.createSymbolicLink(root.resolve("data/outdir"), Path.of("../secret"));
        Files.createSymbolicLink(root.resolve("data/loop"), Path.of("loop"));
        fs = new HostFilesystem(root, true);
    }

    @AfterEach
    void close() {
        fs.close();
    }

    private String probe(List<String> grants, String path) {
        try (Plugin plugin = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD).load(TestPlugins.wasm("probe"))) {
            plugin.start(new PluginEnvironment("t", fs, Map.of(), grants));
            return new String(plugin.process("-", path.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        // granted files, directories, and links that stay inside the grant
        "/data/a.txt => exists=1 size=5 read=5|hello",
        "//data/./sub/b.txt => exists=1 size=3 read=3|bee",
        "/data/alias => exists=1 size=5 read=5|hello",
        "/data/sub/up => exists=1 size=5 read=5|hello",
        "/data/sub => exists=1 size=-4 read=-4|",
        "/data => exists=1 size=-4 read=-4|",
        "/data/missing => exists=0 size=-3 read=-3|",
        "/data/missing/x => exists=0 size=-3 read=-3|",
        "/data/a.txt/x => exists=0 size=-3 read=-3|",
        // a result bigger than the 64-byte buffer: its length, nothing written
        "/data/big.txt => exists=1 size=100 read=100|",
        // outside the grant as typed, or by name prefix only
        "/secret/s.txt => exists=-2 size=-2 read=-2|",
        "/database/d.txt => exists=-2 size=-2 read=-2|",
        "/ => exists=-2 size=-2 read=-2|",
        // symlinks that lead out of the grant, relative or absolute, to files or directories
        "/data/out => exists=-2 size=-2 read=-2|",
        "/data/absolute => exists=-2 size=-2 read=-2|",
        "/data/outdir/s.txt => exists=-2 size=-2 read=-2|",
        "/data/outdir/nothing => exists=-2 size=-2 read=-2|",
        // paths that are not absolute, or climb
        "data/a.txt => exists=-5 size=-5 read=-5|",
        "/data/../secret/s.txt => exists=-5 size=-5 read=-5|",
        "/data/loop => exists=-5 size=-5 read=-5|",
    })
    void answersFollowTheGrant(String path, String expected) {
        assertEquals(expected, probe(List.of("/data"), path));
    }

    @Test
    void onlyTheIntersectionOfManifestAndGrantsIsReadable() {
        // The user grants less than the manifest asks for.
        assertEquals("exists=1 size=3 read=3|bee", probe(List.of("/data/sub"), "/data/sub/b.txt"));
        assertEquals("exists=-2 size=-2 read=-2|", probe(List.of("/data/sub"), "/data/a.txt"));
        // The user grants more than the manifest asks for: the manifest's /data still bounds it.
        assertEquals("exists=1 size=5 read=5|hello", probe(List.of("/"), "/data/a.txt"));
        assertEquals("exists=-2 size=-2 read=-2|", probe(List.of("/"), "/secret/s.txt"));
        // A single granted file, and nothing next to it.
        assertEquals("exists=1 size=5 read=5|hello", probe(List.of("/data/a.txt"), "/data/a.txt"));
        assertEquals("exists=-2 size=-2 read=-2|", probe(List.of("/data/a.txt"), "/data/alias"));
        // No grant at all.
        assertEquals("exists=-2 size=-2 read=-2|", probe(List.of(), "/data/a.txt"));
    }

    @Test
    void withoutATreeNothingIsGranted() {
        try (Plugin plugin = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD).load(TestPlugins.wasm("probe"))) {
            plugin.start(new PluginEnvironment("t", null, Map.of(), List.of("/data")));
            assertEquals("exists=-2 size=-2 read=-2|",
                    new String(plugin.process("-", "/data/a.txt".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        }
    }
}
