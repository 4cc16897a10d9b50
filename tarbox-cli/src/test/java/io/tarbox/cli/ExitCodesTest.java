package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.wasi.RunLimit;
import org.junit.jupiter.api.Test;

/** The limits' exit codes are chosen by {@link RunLimit}; the constants plugins use must agree. */
class ExitCodesTest {
    @Test
    void limitConstantsAgreeWithTheLimits() {
        assertEquals(ExitCodes.TIME_LIMIT, ExitCodes.of(RunLimit.TIME));
        assertEquals(ExitCodes.MEMORY_LIMIT, ExitCodes.of(RunLimit.MEMORY));
        assertEquals(ExitCodes.OUTPUT_LIMIT, ExitCodes.of(RunLimit.OUTPUT));
        assertEquals(ExitCodes.FUEL_LIMIT, ExitCodes.of(RunLimit.FUEL));
    }
}
