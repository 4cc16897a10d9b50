package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example plugin examples/plugins/wordcount, built from C. */
class WordcountPluginTest {
    private final TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
    private final PluginHost host = new PluginHost(PluginLimits.DEFAULT, log);

    private String count(Map<String, String> config, String text) {
        try (Plugin plugin = host.load(TestPlugins.example("wordcount"))) {
            plugin.start(new PluginEnvironment("t", null, config, List.of()));
            return new String(plugin.process("-", text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    @Test
    void manifestDescribesThePlugin() {
        try (Plugin plugin = host.load(TestPlugins.example("wordcount"))) {
            assertEquals("wordcount", plugin.manifest().name());
            assertEquals(List.of("format"), plugin.manifest().config());
            assertEquals(List.of(), plugin.manifest().paths());
        }
    }

    @Test
    void countsLinesWordsAndBytes() {
        assertEquals("{\"lines\":2,\"words\":5,\"bytes\":26}\n", count(Map.of(), "one two  three\n\tfour five\n"));
        assertEquals("{\"lines\":0,\"words\":0,\"bytes\":0}\n", count(Map.of(), ""));
        assertEquals(
                "       1       2      14\n", count(Map.of("format", "text"), "héllo wörld\n")); // bytes, not chars
    }

    @Test
    void badFormatFailsInitWithALoggedReason() {
        try (Plugin plugin = host.load(TestPlugins.example("wordcount"))) {
            PluginException e = assertThrows(
                    PluginException.class,
                    () -> plugin.start(new PluginEnvironment("t", null, Map.of("format", "xml"), List.of())));
            assertEquals(PluginException.Kind.INIT_FAILED, e.kind());
            assertEquals("plugin wordcount: plugin_init failed with code 1", e.getMessage());
            assertEquals(List.of("ERROR wordcount: config \"format\" must be \"json\" or \"text\""), log.lines);
        }
    }
}
