package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.wasi.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins run the same under the interpreter, and compiled ones can be cached. */
class PluginEngineTest {

    @Test
    void interpreterRunsPluginsAndHonoursTheTimeLimit() {
        PluginHost host =
                new PluginHost(PluginLimits.DEFAULT.withMaxMillis(300), PluginLog.DISCARD, Engine.INTERPRETER, null);
        try (Plugin plugin = host.load(TestPlugins.example("wordcount"))) {
            plugin.start(PluginEnvironment.empty("t"));
            assertEquals(
                    "{\"lines\":1,\"words\":2,\"bytes\":8}\n",
                    new String(
                            plugin.process("-", "two wds\n".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        }
        try (Plugin plugin = host.load(TestPlugins.wasm("infinite-loop"))) {
            plugin.start(PluginEnvironment.empty("t"));
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(PluginException.Kind.TIME_LIMIT, e.kind());
        }
    }

    @Test
    void compiledPluginsAreCachedWhenACacheDirectoryIsGiven(@TempDir Path cache) throws IOException {
        PluginHost host = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD, Engine.COMPILER, cache);
        for (int run = 0; run < 2; run++) {
            try (Plugin plugin = host.load(TestPlugins.example("wordcount"))) {
                assertEquals("wordcount", plugin.manifest().name());
            }
        }
        try (Stream<Path> files = Files.walk(cache)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".jar")).count());
        }
        assertTrue(Files.isDirectory(cache));
    }
}
