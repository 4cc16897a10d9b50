package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** host_log through the log test plugin (src/test/plugins/log.wat). */
class HostLogTest {

    private static ByteBuffer logged(TestPlugins.RecordingLog log, String message) {
        try (Plugin plugin = new PluginHost(PluginLimits.DEFAULT, log).load(TestPlugins.wasm("log"))) {
            plugin.start(PluginEnvironment.empty("t"));
            return ByteBuffer.wrap(plugin.process("-", message.getBytes(StandardCharsets.UTF_8)))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Test
    void eachLevelIsPassedOnAndUnknownLevelsAreInvalid() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        ByteBuffer results = logged(log, "héllo");
        assertEquals(List.of("DEBUG log: héllo", "INFO log: héllo", "WARN log: héllo", "ERROR log: héllo"), log.lines);
        for (int level = 0; level < 4; level++) {
            assertEquals(0, results.getInt());
        }
        assertEquals(PluginAbi.INVALID, results.getInt());
        assertEquals(PluginAbi.INVALID, results.getInt());
    }

    @Test
    void longMessagesAreCut() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        logged(log, "a".repeat(5000));
        assertEquals("INFO log: " + "a".repeat(PluginAbi.LOG_MESSAGE_MAX) + "...", log.lines.get(1));
    }
}
