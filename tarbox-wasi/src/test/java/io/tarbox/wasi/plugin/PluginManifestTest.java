package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginManifestTest {

    private static PluginManifest parse(String json) {
        return PluginManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFieldsNormalizesPathsAndIgnoresUnknownFields() {
        String json = "{\"name\":\"n\",\"version\":\"2\",\"description\":\"d\",\"config\":[\"a\",\"b\"],"
                + "\"paths\":[\"/data/\",\"//x/./y\",\"/\"],\"homepage\":\"https://example.org\"}";
        PluginManifest manifest = parse(json);
        assertEquals("n", manifest.name());
        assertEquals("2", manifest.version());
        assertEquals("d", manifest.description());
        assertEquals(List.of("a", "b"), manifest.config());
        assertEquals(List.of("/data", "/x/y", "/"), manifest.paths());
        assertEquals(json, manifest.json());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`[]`                                                                   | manifest is not a JSON object",
                "`{\"version\":\"1\",\"description\":\"\",\"config\":[],\"paths\":[]}` | manifest lacks the field \"name\"",
                "`{\"name\":\"n\",\"version\":\"1\",\"config\":[],\"paths\":[]}`        | manifest lacks the field \"description\"",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"paths\":[]}` | manifest lacks the field \"config\"",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"config\":[]}` | manifest lacks the field \"paths\"",
                "`{\"name\":\" \",\"version\":\"1\",\"description\":\"\",\"config\":[],\"paths\":[]}` | manifest field \"name\" is empty",
                "`{\"name\":\"n\",\"version\":1,\"description\":\"\",\"config\":[],\"paths\":[]}` | manifest field \"version\" is not a string",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"config\":\"a\",\"paths\":[]}` | manifest field \"config\" is not an array",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"config\":[1],\"paths\":[]}` | manifest field \"config\" holds something other than strings",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"config\":[\"\"],\"paths\":[]}` | manifest field \"config\" holds an empty key",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"config\":[],\"paths\":[\"data\"]}` | manifest path \"data\" is not an absolute path without '..'",
                "`{\"name\":\"n\",\"version\":\"1\",\"description\":\"\",\"config\":[],\"paths\":[\"/a/../b\"]}` | manifest path \"/a/../b\" is not an absolute path without '..'",
            })
    void namesWhatIsWrong(String json, String message) {
        PluginException e = assertThrows(PluginException.class, () -> parse(json));
        assertEquals(PluginException.Kind.BAD_MANIFEST, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] bytes = {'{', '"', (byte) 0xff, '"', ':', '1', '}'};
        PluginException e = assertThrows(PluginException.class, () -> PluginManifest.parse(bytes));
        assertEquals("manifest is not valid UTF-8", e.getMessage());
    }
}
