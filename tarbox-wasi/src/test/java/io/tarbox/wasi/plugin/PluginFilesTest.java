package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.fs.FilesystemInterface;
import java.nio.charset.StandardCharsets;
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
 * The file host functions over a real tree, seen through the probe plugin, whose manifest asks
 * for /data. Each answer is "exists=E size=S read=R|CONTENT" (see src/test/plugins/probe.c). One
 * subclass per backend.
 */
abstract class PluginFilesTest {
    @TempDir
    Path dir;

    private FilesystemInterface fs;

    /** An empty, writable tree. */
    abstract FilesystemInterface emptyTree(Path dir);

    /** Closes what {@link #emptyTree} opened besides the tree. */
    void closeBackend() {}

    @BeforeEach
    void tree() {
        fs = emptyTree(dir);
        long data = fs.mkdir(fs.rootIno(), "data", 0755).ino();
        long sub = fs.mkdir(data, "sub", 0755).ino();
        long secret = fs.mkdir(fs.rootIno(), "secret", 0755).ino();
        long database = fs.mkdir(fs.rootIno(), "database", 0755).ino();
        file(data, "a.txt", "hello");
        file(sub, "b.txt", "bee");
        file(data, "big.txt", "x".repeat(100));
        file(secret, "s.txt", "secret");
        file(database, "d.txt", "d");
        fs.symlink(data, "alias", "a.txt");
        fs.symlink(sub, "up", "../a.txt");
        fs.symlink(data, "out", "../secret/s.txt");
        fs.symlink(data, "absolute", "/secret/s.txt");
        fs.symlink(data, "outdir", "../secret");
        fs.symlink(data, "loop", "loop");
    }

    private void file(long dir, String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        fs.write(fs.create(dir, name, 0644, true).ino(), 0, bytes, 0, bytes.length);
    }

    @AfterEach
    void close() {
        fs.close();
        closeBackend();
    }

    private String probe(List<String> grants, String path) {
        try (Plugin plugin = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD).load(TestPlugins.wasm("probe"))) {
            plugin.start(new PluginEnvironment("t", fs, Map.of(), grants));
            return new String(plugin.process("-", path.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "=>",
            value = {
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
            assertEquals(
                    "exists=-2 size=-2 read=-2|",
                    new String(
                            plugin.process("-", "/data/a.txt".getBytes(StandardCharsets.UTF_8)),
                            StandardCharsets.UTF_8));
        }
    }
}
