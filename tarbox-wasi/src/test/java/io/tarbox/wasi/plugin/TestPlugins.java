package io.tarbox.wasi.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built test plugins (src/test/plugins, built into resources/plugins) and example plugins. */
final class TestPlugins {
    private TestPlugins() {}

    /** A test plugin's bytes, by the name of its source file without extension. */
    static byte[] wasm(String name) {
        try (InputStream in = TestPlugins.class.getResourceAsStream("/plugins/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no test plugin " + name + " (run src/test/plugins/build.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An example plugin from examples/plugins (the tests run in the module's directory). */
    static byte[] example(String name) {
        try {
            return Files.readAllBytes(Path.of("..", "examples", "plugins", name, name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log that keeps every message as "LEVEL plugin: message". */
    static final class RecordingLog implements PluginLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void log(String plugin, Level level, String message) {
            lines.add(level + " " + plugin + ": " + message);
        }
    }
}
