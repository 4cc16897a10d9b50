package io.tarbox.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.component.binary.ComponentDecoder;
import io.tarbox.component.model.Component;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class DecodeSmokeTest {
    @Test
    void decodesAnAdaptedCommand() throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/hello.component.wasm")) {
            bytes = in.readAllBytes();
        }
        assertTrue(ComponentDecoder.isComponent(bytes));
        Component c = ComponentDecoder.decode(bytes);
        assertEquals(4, c.coreModules().size());
        c.imports().forEach(i -> System.out.println(i.name()));
        c.exports().forEach(e -> System.out.println(e.name()));
    }
}
