package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiFunction.results;
import static io.tarbox.wasi.host.WasiType.CLOCKID;
import static io.tarbox.wasi.host.WasiType.TIMESTAMP;

import io.tarbox.wasi.host.WasiFunction.Call;
import java.util.List;

/**
 * clock_res_get and clock_time_get: realtime and monotonic. The CPU-time clocks are EBADF and an id
 * outside the enum EINVAL, as wasmtime (preview 2 has no CPU-time clocks).
 */
final class ClockFunctions {
    private final WasiClocks clocks;

    ClockFunctions(WasiContext context) {
        this.clocks = context.clocks;
    }

    List<WasiFunction> functions() {
        return List.of(
                declare(
                        "clock_res_get",
                        params(CLOCKID.named("id")),
                        results(TIMESTAMP.named("resolution")),
                        c -> answer(c, clocks.resolution(c.i32(0)))),
                declare(
                        "clock_time_get",
                        params(CLOCKID.named("id"), TIMESTAMP.named("precision")),
                        results(TIMESTAMP.named("time")),
                        c -> answer(c, clocks.time(c.i32(0)))));
    }

    /** Writes a clock's answer, or fails when the clock (parameter 0) has none. */
    private static void answer(Call c, long value) {
        if (value < 0) {
            throw WasiError.of(WasiClocks.known(c.i32(0)) ? Errno.BADF : Errno.INVAL);
        }
        c.memory().writeLong(c.out(0), value);
    }
}
