package io.tarbox.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationValueTest {
    private final DurationValue duration = new DurationValue();

    @Test
    void unitsAndBareSeconds() {
        assertEquals(500L, duration.convert("500ms"));
        assertEquals(10_000L, duration.convert("10s"));
        assertEquals(120_000L, duration.convert("2m"));
        assertEquals(3_600_000L, duration.convert("1H"));
        assertEquals(5_000L, duration.convert("5"));
    }

    @Test
    void zeroNegativeUnknownAndHugeAreRefused() {
        for (String bad : new String[] {"0", "0ms", "-1s", "1d", "s", "", "99999999999999999h"}) {
            assertThrows(TypeConversionException.class, () -> duration.convert(bad), bad);
        }
    }
}
