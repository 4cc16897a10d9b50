package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tarbox.wasi.JsonWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest's JSON reader accepts exactly RFC 8259 JSON. */
class JsonTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object value = Json.parse(" {\"s\": \"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\", \"n\": -12.5e+2, \"z\": 0,"
                + " \"t\": true, \"f\": false, \"nil\": null, \"a\": [1, [], {}], \"o\": {\"k\": \"v\"}}\r\n\t");
        Map<?, ?> object = (Map<?, ?>) value;
        assertEquals("a\"b\\c/d\né\uD83D\uDE00", object.get("s"));
        assertEquals(new BigDecimal("-12.5e+2"), object.get("n"));
        assertEquals(BigDecimal.ZERO, object.get("z"));
        assertEquals(Boolean.TRUE, object.get("t"));
        assertEquals(Boolean.FALSE, object.get("f"));
        assertNull(object.get("nil"));
        assertEquals(true, object.containsKey("nil"));
        assertEquals(List.of(BigDecimal.ONE, List.of(), Map.of()), object.get("a"));
        assertEquals(Map.of("k", "v"), object.get("o"));
        assertEquals(List.of("s", "n", "z", "t", "f", "nil", "a", "o"), List.copyOf(object.keySet()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                        | unexpected end of text at offset 0",
                "`{`                       | expected a string key at offset 1",
                "`{\"a\":1,}`              | expected a string key at offset 7",
                "`[1,]`                    | unexpected character ']' at offset 3",
                "`{\"a\":1 \"b\":2}`       | expected ',' or '}' at offset 7",
                "`{\"a\":1,\"a\":2}`       | duplicate key \"a\" at offset 7",
                "`{'a':1}`                 | expected a string key at offset 1",
                "`[01]`                    | leading zero in number at offset 2",
                "`[1.]`                    | expected a digit after '.' at offset 3",
                "`[-]`                     | invalid number at offset 2",
                "`[1e]`                    | expected a digit in the exponent at offset 3",
                "`[tru]`                   | invalid literal at offset 1",
                "`\"a\\x\"`                | invalid escape '\\x' at offset 2",
                "`\"\\u12g4\"`             | invalid \\u escape at offset 3",
                "`\"abc`                   | unterminated string at offset 4",
                "`[1] [2]`                 | unexpected text after the value at offset 4",
                "`// c\n1`                 | unexpected character '/' at offset 0",
                "`NaN`                     | unexpected character 'N' at offset 0",
            })
    void rejectsWhatIsNotJson(String text, String message) {
        Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsControlCharactersInStringsAndDeepNesting() {
        assertEquals(
                "control character in string at offset 2",
                assertThrows(Json.SyntaxException.class, () -> Json.parse("\"a\u0001\""))
                        .getMessage());
        char[] open = new char[Json.MAX_DEPTH + 2];
        Arrays.fill(open, '[');
        assertEquals(
                "nested deeper than 64 levels at offset 65",
                assertThrows(Json.SyntaxException.class, () -> Json.parse(new String(open)))
                        .getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote\" backslash\\ slash/", "tab\t nl\n cr\r \u0001 \u001f é \uD83D\uDE00"})
    void quoteRoundTrips(String s) throws Exception {
        assertEquals(s, Json.parse(JsonWriter.quote(s)));
    }

    @Test
    void quoteEscapesControlCharacters() {
        assertEquals("\"a\\u0001\\n\\\"\"", JsonWriter.quote("a\u0001\n\""));
    }
}
