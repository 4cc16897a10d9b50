package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.wasi.plugin.PluginException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading, the ABI checks with one message per broken export, init and process results. */
class PluginLoadTest {
    private final PluginHost host = new PluginHost(PluginLimits.DEFAULT, PluginLog.DISCARD);

    private PluginException loadFails(String plugin) {
        return assertThrows(
                PluginException.class, () -> host.load(TestPlugins.wasm(plugin)).close());
    }

    @Test
    void wellFormedPluginLoadsAndEchoesItsContextAndData() {
        try (Plugin plugin = host.load(TestPlugins.wasm("echo"))) {
            PluginManifest manifest = plugin.manifest();
            assertEquals("echo", manifest.name());
            assertEquals("1.0.0", manifest.version());
            assertEquals("test plugin", manifest.description());
            assertEquals(List.of("greeting"), manifest.config());
            assertEquals(List.of("/data"), manifest.paths());
            plugin.start(new PluginEnvironment("acme", null, Map.of("greeting", "hi \"there\""), List.of()));
            byte[] out = plugin.process("/in/a.txt", "payload".getBytes(StandardCharsets.UTF_8));
            assertEquals(
                    "{\"tenant\":\"acme\",\"input\":\"/in/a.txt\",\"config\":{\"greeting\":\"hi \\\"there\\\"\"}}\npayload",
                    new String(out, StandardCharsets.UTF_8));
            PluginStats stats = plugin.stats();
            assertEquals(1, stats.invocations());
            assertEquals(0, stats.retries());
            assertTrue(stats.processNanos() > 0 && stats.totalNanos() >= stats.processNanos());
            assertTrue(stats.memoryPages() >= 2, "the host reserved pages for arguments: " + stats.memoryPages());
        }
    }

    @Test
    void emptyInputAndRepeatedCallsReuseTheArgumentRegion() {
        try (Plugin plugin = host.load(TestPlugins.wasm("echo"))) {
            plugin.start(PluginEnvironment.empty("t"));
            int pagesBefore = -1;
            for (int i = 0; i < 5; i++) {
                byte[] out = plugin.process("-", new byte[0]);
                assertEquals(
                        "{\"tenant\":\"t\",\"input\":\"-\",\"config\":{}}\n", new String(out, StandardCharsets.UTF_8));
                if (i == 0) {
                    pagesBefore = plugin.stats().memoryPages();
                }
            }
            assertEquals(pagesBefore, plugin.stats().memoryPages());
            assertEquals(5, plugin.stats().invocations());
        }
    }

    @Test
    void largeInputIsPassedWhole() {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (Plugin plugin = host.load(TestPlugins.wasm("echo"))) {
            plugin.start(PluginEnvironment.empty("t"));
            byte[] out = plugin.process("-", data);
            int header = out.length - data.length;
            assertArrayEquals(data, java.util.Arrays.copyOfRange(out, header, out.length));
            assertEquals(1, plugin.stats().retries(), "the echo needs more than the first buffer");
        }
    }

    @Test
    void outputLargerThanTheFirstBufferIsFetchedWithOneRetry() {
        try (Plugin plugin = host.load(TestPlugins.wasm("big-output"))) {
            plugin.start(PluginEnvironment.empty("t"));
            byte[] out = plugin.process("-", new byte[0]);
            assertEquals(200_000, out.length);
            assertEquals('x', out[199_999]);
            assertEquals(1, plugin.stats().retries());
        }
    }

    @Test
    void callsFollowTheDocumentedOrderAndTheArgumentRegionIsReused() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        PluginHost logging = new PluginHost(PluginLimits.DEFAULT, log);
        try (Plugin plugin = logging.load(TestPlugins.wasm("lifecycle"))) {
            plugin.start(PluginEnvironment.empty("t"));
            plugin.process("-", new byte[10]);
            plugin.process("-", new byte[100]);
            plugin.process("-", new byte[70_000]); // more than the first region: a second alloc
        }
        // The manifest's 64 KiB region is too small for the first process call (context, data and a
        // 64 KiB output buffer); the second one fits in the (doubled) region of the first.
        assertEquals(
                List.of(
                        "start",
                        "initialize",
                        "alloc",
                        "manifest",
                        "init",
                        "alloc",
                        "process",
                        "process",
                        "alloc",
                        "process",
                        "destroy"),
                log.lines.stream()
                        .map(l -> l.replace("INFO lifecycle: ", "").replace("INFO plugin: ", ""))
                        .toList());
    }

    @Test
    void loadingAloneRunsNeitherInitNorDestroy() {
        TestPlugins.RecordingLog log = new TestPlugins.RecordingLog();
        new PluginHost(PluginLimits.DEFAULT, log)
                .load(TestPlugins.wasm("lifecycle"))
                .close();
        assertEquals(
                List.of("INFO plugin: start", "INFO plugin: initialize", "INFO plugin: alloc", "INFO plugin: manifest"),
                log.lines);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "missing-init     | plugin does not export the function plugin_init () -> (i32)",
                "missing-manifest | plugin does not export the function plugin_manifest (i32, i32) -> (i32)",
                "missing-process  | plugin does not export the function plugin_process (i32, i32, i32, i32, i32, i32) -> (i32)",
                "missing-memory   | plugin does not export its memory as \"memory\"",
                "wrong-process-type | plugin export plugin_process has type (i32, i32) -> (i32), expected (i32, i32, i32, i32, i32, i32) -> (i32)",
            })
    void eachBrokenExportIsNamed(String plugin, String message) {
        PluginException e = loadFails(plugin);
        assertEquals(Kind.MISSING_EXPORT, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void importTheHostDoesNotOfferIsAnInvalidModule() {
        PluginException e = loadFails("unknown-import");
        assertEquals(Kind.INVALID_MODULE, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith("plugin imports wasi_snapshot_preview1.fd_write, which the plugin host"
                                + " does not offer (it offers env.host_log, env.host_get_config"),
                e.getMessage());
    }

    @Test
    void importWithTheWrongTypeIsAnInvalidModule() {
        PluginException e = loadFails("wrong-import-type");
        assertEquals(Kind.INVALID_MODULE, e.kind());
        assertEquals(
                "plugin imports env.host_log with type (i32, i32) -> (), expected (i32, i32, i32) -> (i32)",
                e.getMessage());
    }

    @Test
    void bytesThatAreNotWebAssemblyAreAnInvalidModule() {
        PluginException e = assertThrows(
                PluginException.class, () -> host.load("not wasm at all".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Kind.INVALID_MODULE, e.kind());
        assertEquals("not a WebAssembly module (no \\0asm magic number)", e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(TestPlugins.wasm("echo"), 40);
        assertEquals(
                Kind.INVALID_MODULE,
                assertThrows(PluginException.class, () -> host.load(truncated)).kind());
    }

    @Test
    void manifestThatIsNotJsonSaysWhere() {
        PluginException e = loadFails("manifest-not-json");
        assertEquals(Kind.BAD_MANIFEST, e.kind());
        assertEquals("manifest is not valid JSON: expected a string key at offset 14", e.getMessage());
    }

    @Test
    void manifestLackingAFieldNamesIt() {
        PluginException e = loadFails("manifest-no-version");
        assertEquals(Kind.BAD_MANIFEST, e.kind());
        assertEquals("manifest lacks the field \"version\"", e.getMessage());
    }

    @Test
    void failingManifestCallIsABadManifest() {
        PluginException e = loadFails("manifest-negative");
        assertEquals(Kind.BAD_MANIFEST, e.kind());
        assertEquals("plugin: plugin_manifest returned -1", e.getMessage());
    }

    @Test
    void initFailureCodeIsReported() {
        try (Plugin plugin = host.load(TestPlugins.wasm("init-fails"))) {
            PluginException e = assertThrows(PluginException.class, () -> plugin.start(PluginEnvironment.empty("t")));
            assertEquals(Kind.INIT_FAILED, e.kind());
            assertEquals("plugin init-fails: plugin_init failed with code 7", e.getMessage());
            assertThrows(IllegalStateException.class, () -> plugin.process("-", new byte[0]));
        }
    }

    @Test
    void negativeProcessResultIsAFailureButThePluginStaysUsable() {
        try (Plugin plugin = host.load(TestPlugins.wasm("process-negative"))) {
            plugin.start(PluginEnvironment.empty("t"));
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[1]));
            assertEquals(Kind.PROCESS_FAILED, e.kind());
            assertEquals("plugin process-negative: plugin_process returned -2", e.getMessage());
            assertEquals(
                    Kind.PROCESS_FAILED,
                    assertThrows(PluginException.class, () -> plugin.process("-", new byte[1]))
                            .kind());
            assertEquals(2, plugin.stats().invocations());
        }
    }

    @Test
    void trapIsReportedAndEndsThePlugin() {
        try (Plugin plugin = host.load(TestPlugins.wasm("trap"))) {
            plugin.start(PluginEnvironment.empty("t"));
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(Kind.TRAP, e.kind());
            assertTrue(e.getMessage().startsWith("plugin trap: trapped in plugin_process: "), e.getMessage());
            assertThrows(IllegalStateException.class, () -> plugin.process("-", new byte[0]));
        }
    }

    @Test
    void endlessRecursionIsATrap() {
        try (Plugin plugin = host.load(TestPlugins.wasm("recursion"))) {
            plugin.start(PluginEnvironment.empty("t"));
            PluginException e = assertThrows(PluginException.class, () -> plugin.process("-", new byte[0]));
            assertEquals(Kind.TRAP, e.kind());
            assertEquals("plugin recursion: trapped in plugin_process: call stack exhausted", e.getMessage());
        }
    }

    @Test
    void allocReturningAPointerOutsideMemoryIsAFailure() {
        try (Plugin plugin = host.load(TestPlugins.wasm("bad-alloc"))) {
            throw new AssertionError("loaded " + plugin.manifest().name());
        } catch (PluginException e) {
            assertEquals(Kind.PROCESS_FAILED, e.kind());
            assertEquals(
                    "plugin: alloc(65536) returned 4294963200, which is not inside the plugin's memory",
                    e.getMessage());
        }
    }

    @Test
    void undeclaredConfigKeyAndBadGrantAreRefusedBeforeInit() {
        try (Plugin plugin = host.load(TestPlugins.wasm("echo"))) {
            PluginException e = assertThrows(
                    PluginException.class,
                    () -> plugin.start(new PluginEnvironment("t", null, Map.of("greting", "x"), List.of())));
            assertEquals(Kind.BAD_CONFIG, e.kind());
            assertEquals(
                    "plugin echo: does not declare the config key \"greting\" (it declares greeting)", e.getMessage());
            e = assertThrows(
                    PluginException.class,
                    () -> plugin.start(new PluginEnvironment("t", null, Map.of(), List.of("data/x"))));
            assertEquals(Kind.BAD_CONFIG, e.kind());
            assertEquals("grant \"data/x\" is not an absolute path without '..'", e.getMessage());
            plugin.start(PluginEnvironment.empty("t")); // nothing ran, so it can still start
        }
    }
}
