package io.tarbox.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.component.binary.ComponentDecoder;
import io.tarbox.component.model.Component;
import io.tarbox.component.model.Definition;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder on a component made by the preview 1 adapter, and its one-line errors. */
class DecodeSmokeTest {
    private static byte[] hello() throws Exception {
        try (InputStream in = DecodeSmokeTest.class.getResourceAsStream("/hello.component.wasm")) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesAnAdaptedCommand() throws Exception {
        byte[] bytes = hello();
        assertTrue(ComponentDecoder.isComponent(bytes));
        Component c = ComponentDecoder.decode(bytes);
        assertEquals(4, c.coreModules().size(), "program, adapter, shim, fixup");
        assertTrue(c.imports().stream().map(Definition.Import::name).toList().contains("wasi:filesystem/types@0.2.12"));
        assertEquals(
                List.of("wasi:cli/run@0.2.12"),
                c.exports().stream().map(Definition.Export::name).toList());
        assertTrue(c.definitions().stream().anyMatch(d -> d instanceof Definition.Nested), "the run shim component");
    }

    @Test
    void aCoreModuleIsNotAComponent() {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0};
        assertFalse(ComponentDecoder.isComponent(module));
        ComponentException e = assertThrows(ComponentException.class, () -> ComponentDecoder.decode(module));
        assertEquals("not a component: binary layer 0, a core module", e.getMessage());
    }

    @Test
    void errorsNameWhatIsMalformed() throws Exception {
        byte[] bytes = hello();
        ComponentException truncated =
                assertThrows(ComponentException.class, () -> ComponentDecoder.decode(Arrays.copyOf(bytes, 1000)));
        assertEquals(ComponentException.Kind.TRUNCATED, truncated.kind());
        assertTrue(
                truncated.getMessage().startsWith("truncated component: unexpected end while reading section 1"),
                truncated.getMessage());
        byte[] unknown = Arrays.copyOf(bytes, bytes.length + 2);
        unknown[bytes.length] = 42;
        ComponentException section = assertThrows(ComponentException.class, () -> ComponentDecoder.decode(unknown));
        assertEquals("malformed component: unknown section id 42 at offset " + bytes.length, section.getMessage());
        byte[] version = bytes.clone();
        version[4] = 0x0c;
        ComponentException old = assertThrows(ComponentException.class, () -> ComponentDecoder.decode(version));
        assertEquals(ComponentException.Kind.UNSUPPORTED, old.kind());
        assertEquals("unsupported component binary version 0xc (expected 0xd)", old.getMessage());
    }
}
