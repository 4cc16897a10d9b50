package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * host_get_config through the config test plugin (src/test/plugins/config.c), which declares
 * "greeting" and "long" and reports "get=RESULT|VALUE" with an 8-byte buffer.
 */
class HostConfigTest {

    private static String get(Map<String, String> config, byte[] key) {
        try (Plugin plugin = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD).load(TestPlugins.wasm("config"))) {
            plugin.start(new PluginEnvironment("t", null, config, List.of()));
            return new String(plugin.process("-", key), StandardCharsets.UTF_8);
        }
    }

    private static String get(Map<String, String> config, String key) {
        return get(config, key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void declaredKeysAnswerTheirValueOrItsLength() {
        Map<String, String> config = Map.of("greeting", "hé", "long", "0123456789");
        assertEquals("get=3|hé", get(config, "greeting"));
        assertEquals("get=10|", get(config, "long"), "too long for the buffer: its length, nothing written");
        assertEquals("get=0|", get(Map.of("greeting", ""), "greeting"));
    }

    @Test
    void undeclaredAbsentAndMalformedKeysAnswerCodes() {
        assertEquals("get=" + PluginAbi.NOT_GRANTED + "|", get(Map.of(), "other"));
        assertEquals("get=" + PluginAbi.NOT_FOUND + "|", get(Map.of(), "long"));
        assertEquals("get=" + PluginAbi.INVALID + "|", get(Map.of(), new byte[] {(byte) 0xff, 'a'}));
    }
}
