package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** The example plugin examples/plugins/replace, which reads its rules with host_read_file. */
class ReplacePluginTest {
    @TempDir
    Path root;

    private FilesystemInterface fs;
    private final TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/rules.tsv"), "# greetings\ncolour\tcolor\nhello\tgood morning\r\n\nx\t\n");
        fs = new HostFilesystem(root, true);
    }

    @AfterEach
    void close() {
        fs.close();
    }

    private Plugin started(Map<String, String> config, List<String> grants) {
        Plugin plugin = new PluginHost(PluginLimits.DEFAULT, log).load(TestPlugins.example("replace"));
        plugin.start(new PluginEnvironment("t", fs, config, grants));
        return plugin;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void appliesTheRulesFromTheGrantedFile() {
        try (Plugin plugin = started(Map.of("rules", "/data/rules.tsv"), List.of("/data/rules.tsv"))) {
            assertEquals(
                    "good morning, what color is the bo?",
                    text(plugin.process("/in", "hello, what colour is the box?".getBytes(StandardCharsets.UTF_8))));
            assertEquals("", text(plugin.process("/in", new byte[0])));
        }
    }

    @Test
    void outputLongerThanTheFirstBufferIsRetriedOnce() {
        byte[] input = "hello ".repeat(20_000).getBytes(StandardCharsets.UTF_8); // 120 000 bytes in, 260 000 out
        try (Plugin plugin = started(Map.of("rules", "/data/rules.tsv"), List.of("/data"))) {
            String out = text(plugin.process("/in", input));
            assertEquals("good morning ".repeat(20_000), out);
            assertEquals(1, plugin.stats().retries());
        }
    }

    @Test
    void rulesFileThatIsNotGrantedFailsInitWithItsReason() {
        Plugin plugin = new PluginHost(PluginLimits.DEFAULT, log).load(TestPlugins.example("replace"));
        try (plugin) {
            PluginException e = assertThrows(
                    PluginException.class,
                    () -> plugin.start(new PluginEnvironment("t", fs, Map.of("rules", "/data/rules.tsv"), List.of())));
            assertEquals(PluginException.Kind.INIT_FAILED, e.kind());
            assertEquals("plugin replace: plugin_init failed with code 3", e.getMessage());
            assertEquals(List.of("ERROR replace: rules file not granted (use --grant)"), log.lines);
        }
    }

    @Test
    void missingRulesConfigFailsInit() {
        Plugin plugin = new PluginHost(PluginLimits.DEFAULT, log).load(TestPlugins.example("replace"));
        try (plugin) {
            PluginException e = assertThrows(
                    PluginException.class,
                    () -> plugin.start(new PluginEnvironment("t", fs, Map.of(), List.of("/data"))));
            assertEquals("plugin replace: plugin_init failed with code 2", e.getMessage());
            assertEquals(List.of("ERROR replace: config \"rules\" (path of the rules file) is required"), log.lines);
        }
    }
}
