package io.tarbox.component.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.abi.VariantValue;
import io.tarbox.component.model.PrimType;
import io.tarbox.component.types.WitType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaveTest {
    private static final WitType POINT = WitType.RecordType.record(List.of(
            new WitType.Field("x", WitType.S32),
            new WitType.Field("label", WitType.VariantType.option(WitType.STRING))));

    @Test
    void numbersAndText() throws Exception {
        assertEquals(-5, Wave.parse(WitType.S32, " -5 "));
        assertEquals(-1, Wave.parse(WitType.U32, "4294967295"));
        assertEquals("4294967295", Wave.format(WitType.U32, -1));
        assertEquals(-1L, Wave.parse(WitType.U64, "18446744073709551615"));
        assertEquals(1.5, Wave.parse(WitType.of(PrimType.F64), "1.5"));
        assertEquals("nan", Wave.format(WitType.of(PrimType.F64), Double.NaN));
        assertEquals("a\"b\n\u00e9", Wave.parse(WitType.STRING, "\"a\\\"b\\n\\u{e9}\""));
        assertEquals("\"a\\\"b\\n\u00e9\"", Wave.format(WitType.STRING, "a\"b\n\u00e9"));
        assertEquals((int) 'x', Wave.parse(WitType.of(PrimType.CHAR), "'x'"));
        assertEquals(true, Wave.parse(WitType.BOOL, "true"));
    }

    @Test
    void listsRecordsTuples() throws Exception {
        WitType points = new WitType.ListType(POINT);
        Object v = Wave.parse(points, "[{x: 1}, {label: some(\"b\"), x: -2},]");
        List<?> list = (List<?>) v;
        assertArrayEquals(new Object[] {1, Optional.empty()}, (Object[]) list.get(0));
        assertArrayEquals(new Object[] {-2, Optional.of("b")}, (Object[]) list.get(1));
        assertEquals("[{x: 1, label: none}, {x: -2, label: some(\"b\")}]", Wave.format(points, v));
        assertArrayEquals(
                new byte[] {1, (byte) 255}, (byte[]) Wave.parse(new WitType.ListType(WitType.U8), "[1, 255]"));
        WitType pair = WitType.RecordType.tuple(List.of(WitType.U32, WitType.STRING));
        assertArrayEquals(new Object[] {7, "s"}, (Object[]) Wave.parse(pair, "(7, \"s\")"));
    }

    @Test
    void variantsEnumsResultsFlags() throws Exception {
        WitType shape = WitType.VariantType.variant(
                List.of(new WitType.Case("circle", WitType.of(PrimType.F32)), new WitType.Case("none", null)));
        assertEquals(new VariantValue(0, 2.5f), Wave.parse(shape, "circle(2.5)"));
        assertEquals("%none", Wave.format(shape, new VariantValue(1, null)), "a case named as a keyword is escaped");
        WitType result = WitType.VariantType.result(WitType.U32, WitType.STRING);
        assertEquals(ResultValue.error("x"), Wave.parse(result, "err(\"x\")"));
        assertEquals("ok(3)", Wave.format(result, ResultValue.ok(3)));
        WitType flags = new WitType.FlagsType(List.of("read", "write"));
        assertEquals(2, Wave.parse(flags, "{write}"));
        assertEquals("{read, write}", Wave.format(flags, 3));
        WitType color = WitType.VariantType.enumeration(List.of("red", "ok"));
        assertEquals(1, Wave.parse(color, "%ok"));
        assertEquals("%ok", Wave.format(color, 1));
    }

    @Test
    void errorsSayWhere() {
        WaveException e = assertThrows(WaveException.class, () -> Wave.parse(WitType.U8, "256"));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertThrows(WaveException.class, () -> Wave.parse(POINT, "{y: 1}"));
        assertThrows(WaveException.class, () -> Wave.parse(WitType.STRING, "\"open"));
        assertThrows(WaveException.class, () -> Wave.parse(WitType.S32, "1 2"));
    }
}
