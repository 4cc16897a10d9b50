package io.tarbox.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeTest {
    private final ByteSize size = new ByteSize();

    @Test
    void readsBytesAndBinaryUnits() {
        assertEquals(65536L, size.convert("65536"));
        assertEquals(100L, size.convert("100b"));
        assertEquals(512L << 10, size.convert("512K"));
        assertEquals(512L << 10, size.convert("512KiB"));
        assertEquals(64L << 20, size.convert("64M"));
        assertEquals(64L << 20, size.convert(" 64 mb "));
        assertEquals(1L << 30, size.convert("1g"));
    }

    @Test
    void refusesWhatIsNotASize() {
        assertEquals(
                "'12 parsecs' is not a size (e.g. 65536, 512K, 64M, 1G)",
                assertThrows(TypeConversionException.class, () -> size.convert("12 parsecs"))
                        .getMessage());
        assertThrows(TypeConversionException.class, () -> size.convert("-1M"));
        assertThrows(TypeConversionException.class, () -> size.convert("1.5G"));
        assertEquals(
                "'99999999999G' is too large",
                assertThrows(TypeConversionException.class, () -> size.convert("99999999999G"))
                        .getMessage());
        assertEquals(
                "'99999999999999999999' is too large",
                assertThrows(TypeConversionException.class, () -> size.convert("99999999999999999999"))
                        .getMessage());
    }
}
