package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void placesCommasAndColonsInNestedObjectsAndArrays() throws Exception {
        String text = new JsonWriter()
                .beginObject()
                .name("a")
                .value(1)
                .name("b")
                .beginArray()
                .value("x")
                .nullValue()
                .value(true)
                .beginObject()
                .endObject()
                .endArray()
                .name("c")
                .beginObject()
                .name("d")
                .value((String) null)
                .endObject()
                .name("e \"q\"")
                .beginArray()
                .endArray()
                .endObject()
                .toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",null,true,{}],\"c\":{\"d\":null},\"e \\\"q\\\"\":[]}", text);
        new ObjectMapper().readTree(text); // valid JSON
    }

    @Test
    void topLevelArrayOfObjects() {
        assertEquals(
                "[{\"n\":-1},{\"n\":2}]",
                new JsonWriter()
                        .beginArray()
                        .beginObject()
                        .name("n")
                        .value(-1)
                        .endObject()
                        .beginObject()
                        .name("n")
                        .value(2)
                        .endObject()
                        .endArray()
                        .toString());
    }
}
