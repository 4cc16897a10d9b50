package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The manifest reader ({@link Json}: it reads untrusted text) against Jackson, strict, on the same
 * inputs: generated JSON documents and mutations of them (characters dropped, inserted, swapped,
 * doubled). Both must accept the same texts and read the same values from them. (Jackson is a
 * test-scope dependency only.)
 */
class JsonDifferentialTest {
    private static final JsonMapper JACKSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String[] ATOMS = {
        "0",
        "-0",
        "1",
        "-1",
        "12.5",
        "1e3",
        "1E-3",
        "-12.5e+2",
        "0.0",
        "123456789012345678901234567890",
        "true",
        "false",
        "null",
        "\"\"",
        "\"a\"",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"é😀\"",
        "\"tab\there\"",
    };
    private static final String NOISE = "{}[],:\"\\ 0123456789-+.eEtrufalsn\u0000\u001f\u007f\t\r\n/ü'x";

    private final Random random = new Random(20261203);

    @Test
    void acceptsTheSameTextsAndReadsTheSameValues() {
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = document(random.nextInt(4));
            if (i % 2 == 1) {
                text = mutate(text);
            }
            Object ours;
            try {
                ours = Json.parse(text);
            } catch (Json.SyntaxException e) {
                ours = e;
            }
            JsonNode theirs;
            try {
                theirs = JACKSON.readTree(text);
                if (theirs == null || theirs.isMissingNode()) {
                    theirs = null; // empty input: Jackson reads "nothing"
                }
            } catch (Exception e) {
                theirs = null;
            }
            boolean oursAccepted = !(ours instanceof Json.SyntaxException);
            assertEquals(theirs != null, oursAccepted, "accepted differently: " + show(text) + " ours: " + ours);
            if (oursAccepted) {
                assertEquals(normal(theirs), normal(ours), show(text));
                accepted++;
            } else {
                rejected++;
            }
        }
        assertTrue(accepted > 5_000 && rejected > 3_000, accepted + " accepted, " + rejected + " rejected");
    }

    private String document(int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return ATOMS[random.nextInt(ATOMS.length)];
        }
        int n = random.nextInt(4);
        StringBuilder out = new StringBuilder();
        boolean object = random.nextBoolean();
        out.append(object ? '{' : '[').append(space());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',').append(space());
            }
            if (object) {
                out.append("\"k")
                        .append(i)
                        .append('"')
                        .append(space())
                        .append(':')
                        .append(space());
            }
            out.append(document(depth - 1)).append(space());
        }
        return out.append(object ? '}' : ']').toString();
    }

    private String space() {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t";
            case 2 -> "\r\n ";
            default -> "";
        };
    }

    private String mutate(String text) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            char noise = NOISE.charAt(random.nextInt(NOISE.length()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                case 1 -> out.insert(at, noise);
                case 2 -> {
                    if (out.length() > 1 && at + 1 < out.length()) {
                        char c = out.charAt(at);
                        out.setCharAt(at, out.charAt(at + 1));
                        out.setCharAt(at + 1, c);
                    }
                }
                default -> {
                    if (out.length() > 0) {
                        out.insert(at, out.charAt(at));
                    }
                }
            }
        }
        return out.toString();
    }

    /** Jackson's tree or our value as plain Java values, numbers as BigDecimal without trailing zeros. */
    private static Object normal(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), normal(e.getValue()));
                }
                return map;
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>();
                node.forEach(n -> list.add(normal(n)));
                return list;
            }
            if (node.isNumber()) {
                return number(node.decimalValue());
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, normal(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normal(v)));
            return out;
        }
        if (value instanceof BigDecimal d) {
            return number(d);
        }
        return value;
    }

    private static BigDecimal number(BigDecimal d) {
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    private static String show(String text) {
        StringBuilder out = new StringBuilder("`");
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('`').toString();
    }
}
