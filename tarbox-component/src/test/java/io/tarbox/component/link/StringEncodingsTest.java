package io.tarbox.component.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.component.binary.ComponentDecoder;
import org.junit.jupiter.api.Test;

/**
 * The canonical ABI's other string encodings (src/test/wat/strings.wat): UTF-16 (length in code
 * units) and latin1+utf16 (Latin-1 when every character fits, else UTF-16 with the length's top bit
 * set), each lowered into the component and lifted back.
 */
class StringEncodingsTest {
    @Test
    void utf16AndLatin1() throws Exception {
        ComponentInstance instance = ComponentLinker.instantiate(
                ComponentDecoder.decode(ComponentAbiTest.resource("/strings.wasm")),
                name -> null,
                new InterpreterCoreRuntime());
        String emoji = "h\u00e9llo \uD83D\uDE00";
        assertEquals(emoji, instance.function("echo16").call(new Object[] {emoji}));
        assertEquals(emoji.length(), instance.function("units16").call(new Object[] {emoji}), "UTF-16 code units");
        assertEquals("caf\u00e9", instance.function("echo-latin1").call(new Object[] {"caf\u00e9"}));
        assertEquals(4, instance.function("units-latin1").call(new Object[] {"caf\u00e9"}), "Latin-1: one byte each");
        assertEquals(emoji, instance.function("echo-latin1").call(new Object[] {emoji}));
        assertEquals(
                emoji.length() | 1 << 31,
                instance.function("units-latin1").call(new Object[] {emoji}),
                "UTF-16 with the tag bit");
    }
}
