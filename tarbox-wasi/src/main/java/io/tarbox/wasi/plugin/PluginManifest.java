package io.tarbox.wasi.plugin;

import io.tarbox.wasi.JsonWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a plugin says about itself through {@code plugin_manifest}: a JSON object with the string
 * fields {@code name}, {@code version}, {@code description} and the string arrays {@code config}
 * (the config keys it may read) and {@code paths} (absolute paths of the tenant's tree it may read:
 * files, or directories and everything below them). Other fields are allowed and ignored.
 *
 * @param name non-empty
 * @param version free-form, e.g. "1.2.0"
 * @param description one line for humans
 * @param config config keys the plugin reads with {@code host_get_config}
 * @param paths normalized absolute paths the plugin reads with the file functions
 * @param json the manifest exactly as the plugin returned it
 */
public record PluginManifest(
        String name, String version, String description, List<String> config, List<String> paths, String json) {

    public PluginManifest {
        config = List.copyOf(config);
        paths = List.copyOf(paths);
    }

    /**
     * Parses the bytes {@code plugin_manifest} wrote.
     *
     * @throws PluginException BAD_MANIFEST naming the problem: not UTF-8, not JSON, not an object, a
     *     missing field, a field of the wrong type, an empty name or key, a path that is not absolute
     */
    public static PluginManifest parse(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("manifest is not valid UTF-8");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw bad("manifest is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> object)) {
            throw bad("manifest is not a JSON object");
        }
        String name = string(object, "name");
        if (name.isBlank()) {
            throw bad("manifest field \"name\" is empty");
        }
        List<String> config = strings(object, "config");
        for (String key : config) {
            if (key.isEmpty()) {
                throw bad("manifest field \"config\" holds an empty key");
            }
        }
        List<String> paths = new ArrayList<>();
        for (String path : strings(object, "paths")) {
            String normalized = GuestPaths.normalize(path);
            if (normalized == null) {
                throw bad("manifest path " + JsonWriter.quote(path) + " is not an absolute path without '..'");
            }
            paths.add(normalized);
        }
        return new PluginManifest(name, string(object, "version"), string(object, "description"), config, paths, text);
    }

    private static Object field(Map<?, ?> object, String field) {
        if (!object.containsKey(field)) {
            throw bad("manifest lacks the field \"" + field + "\"");
        }
        return object.get(field);
    }

    private static String string(Map<?, ?> object, String field) {
        if (field(object, field) instanceof String s) {
            return s;
        }
        throw bad("manifest field \"" + field + "\" is not a string");
    }

    private static List<String> strings(Map<?, ?> object, String field) {
        if (!(field(object, field) instanceof List<?> list)) {
            throw bad("manifest field \"" + field + "\" is not an array");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw bad("manifest field \"" + field + "\" holds something other than strings");
            }
            out.add(s);
        }
        return out;
    }

    private static PluginException bad(String message) {
        return new PluginException(PluginException.Kind.BAD_MANIFEST, message);
    }
}
