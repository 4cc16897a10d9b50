package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Host functions given out-of-range pointers and lengths answer BAD_POINTER and never throw. */
class HostFunctionsTest {

    @Test
    void everyOutOfRangePointerOrLengthIsBadPointer() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        try (Plugin plugin = new PluginHost(PluginLimits.DEFAULT, log).load(TestPlugins.wasm("bad-pointers"))) {
            plugin.start(new PluginEnvironment("t", null, Map.of("greeting", "hello"), List.of("/data")));
            ByteBuffer codes = ByteBuffer.wrap(plugin.process("-", new byte[0])).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(13 * 4, codes.remaining());
            for (int call = 0; call < 13; call++) {
                assertEquals(PluginAbi.BAD_POINTER, codes.getInt(), "call " + call + " of bad-pointers.wat");
            }
            assertTrue(log.lines.isEmpty(), "nothing was logged: " + log.lines);
            // The plugin is still healthy: a second run gives the same answers.
            assertEquals(13 * 4, plugin.process("-", new byte[0]).length);
        }
    }
}
