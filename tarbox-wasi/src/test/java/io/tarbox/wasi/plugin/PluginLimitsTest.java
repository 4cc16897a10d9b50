package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.wasi.limits.CallTimer;
import io.tarbox.wasi.plugin.PluginException.Kind;
import org.junit.jupiter.api.Test;

/** Each limit stops a plugin that breaks it, within the limit, with its own kind and message. */
class PluginLimitsTest {
    private static final long MIB = 1 << 20;

    private static Plugin started(String name, PluginLimits limits, PluginLog log) {
        Plugin plugin = new PluginHost(limits, log).load(TestPlugins.wasm(name));
        plugin.start(PluginEnvironment.empty("t"));
        return plugin;
    }

    @Test
    void memoryBombIsStoppedAtTheMemoryLimit() {
        try (Plugin plugin =
                started("memory-bomb", PluginLimits.DEFAULT.withMaxMemoryBytes(4 * MIB), PluginLog.DISCARD)) {
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(Kind.MEMORY_LIMIT, e.kind());
            assertTrue(
                    e.getMessage()
                            .startsWith("plugin memory-bomb: reached the memory limit of 4194304 bytes"
                                    + " (memory.grow refused), then trapped in plugin_process: "),
                    e.getMessage());
            assertTrue(plugin.stats().memoryBytes() <= 4 * MIB, "memory stayed within the limit: " + plugin.stats());
            assertTrue(plugin.stats().memoryBytes() > 3 * MIB, "the bomb grew up to the limit: " + plugin.stats());
        }
    }

    @Test
    void memoryLimitBelowTheModulesInitialMemoryRefusesToLoad() {
        PluginHost host = new PluginHost(PluginLimits.DEFAULT.withMaxMemoryBytes(65536), PluginLog.DISCARD);
        // wordcount's C runtime starts with two pages (stack and data).
        PluginException e = assertThrows(PluginException.class, () -> host.load(TestPlugins.example("wordcount")));
        assertEquals(Kind.MEMORY_LIMIT, e.kind());
        assertTrue(
                e.getMessage().endsWith("of memory at start, more than the memory limit of 65536 bytes"),
                e.getMessage());
    }

    @Test
    void inputTooLargeForTheMemoryLimitIsAMemoryLimit() {
        try (Plugin plugin = started("echo", PluginLimits.DEFAULT.withMaxMemoryBytes(2 * MIB), PluginLog.DISCARD)) {
            PluginException e =
                    assertThrows(PluginException.class, () -> plugin.process("-", new byte[(int) (3 * MIB)]));
            assertEquals(Kind.MEMORY_LIMIT, e.kind());
            assertTrue(e.getMessage().contains("could not get"), e.getMessage());
        }
    }

    @Test
    void infiniteLoopIsStoppedAtTheTimeLimit() {
        try (Plugin plugin = started("infinite-loop", PluginLimits.DEFAULT.withMaxMillis(300), PluginLog.DISCARD)) {
            long started = System.nanoTime();
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Kind.TIME_LIMIT, e.kind());
            assertEquals(
                    "plugin infinite-loop: plugin_process ran longer than the time limit of 300 ms", e.getMessage());
            assertTrue(millis >= 300 && millis < 300 + CallTimer.GRACE_MILLIS, "stopped after " + millis + " ms");
            assertThrows(IllegalStateException.class, () -> plugin.process("-", new byte[0]));
        }
    }

    @Test
    void outputFloodIsStoppedAtTheOutputLimit() {
        try (Plugin plugin = started("output-flood", PluginLimits.DEFAULT.withMaxOutputBytes(MIB), PluginLog.DISCARD)) {
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(Kind.OUTPUT_LIMIT, e.kind());
            assertEquals(
                    "plugin output-flood: output of 2147483647 bytes is over the output limit of 1048576 bytes",
                    e.getMessage());
        }
    }

    @Test
    void outputJustWithinTheLimitIsReturned() {
        try (Plugin plugin =
                started("big-output", PluginLimits.DEFAULT.withMaxOutputBytes(200_000), PluginLog.DISCARD)) {
            assertEquals(200_000, plugin.process("-", new byte[0]).length);
        }
        try (Plugin plugin =
                started("big-output", PluginLimits.DEFAULT.withMaxOutputBytes(199_999), PluginLog.DISCARD)) {
            assertEquals(
                    Kind.OUTPUT_LIMIT,
                    assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]))
                            .kind());
        }
    }

    @Test
    void logFloodIsStoppedAtTheOutputLimit() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        try (Plugin plugin = started("log-flood", PluginLimits.DEFAULT.withMaxOutputBytes(64 * 1024), log)) {
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(Kind.OUTPUT_LIMIT, e.kind());
            assertEquals("plugin log-flood: logged more than the output limit of 65536 bytes", e.getMessage());
            assertEquals(64, log.lines.size(), "64 messages of 1 KiB fit in 64 KiB");
        }
    }

    @Test
    void mallocThatReturnsNullUnderTheLimitIsReportedAsTheMemoryLimit() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        try (Plugin plugin = started("malloc-bomb", PluginLimits.DEFAULT.withMaxMemoryBytes(8 * MIB), log)) {
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(Kind.MEMORY_LIMIT, e.kind());
            assertEquals(
                    "plugin malloc-bomb: reached the memory limit of 8388608 bytes (memory.grow refused),"
                            + " then plugin_process returned -1",
                    e.getMessage());
            assertEquals(java.util.List.of("ERROR malloc-bomb: out of memory"), log.lines);
            assertTrue(plugin.stats().memoryBytes() <= 8 * MIB, plugin.stats().toString());
        }
    }

    @Test
    void loadingIsTimedToo() {
        PluginHost host = new PluginHost(PluginLimits.DEFAULT.withMaxMillis(200), PluginLog.DISCARD);
        PluginException e = assertThrows(PluginException.class, () -> host.load(TestPlugins.wasm("manifest-loop")));
        assertEquals(Kind.TIME_LIMIT, e.kind());
        assertEquals("plugin: loading ran longer than the time limit of 200 ms", e.getMessage());
    }

    @Test
    void pluginLoopingThroughAHostFunctionIsStoppedToo() {
        // Every iteration is spent mostly inside host_log, where the interrupt is deferred to its return.
        PluginLimits limits = PluginLimits.DEFAULT.withMaxMillis(300).withMaxOutputBytes(PluginLimits.MAX_OUTPUT);
        try (Plugin plugin = started("log-flood", limits, PluginLog.DISCARD)) {
            long started = System.nanoTime();
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Kind.TIME_LIMIT, e.kind());
            assertTrue(millis < 300 + CallTimer.GRACE_MILLIS, "stopped after " + millis + " ms");
        }
    }

    @Test
    void unlimitedTimeLetsAPluginFinish() {
        try (Plugin plugin = started("big-output", PluginLimits.DEFAULT.withMaxMillis(0), PluginLog.DISCARD)) {
            assertEquals(200_000, plugin.process("-", new byte[0]).length);
        }
    }
}
