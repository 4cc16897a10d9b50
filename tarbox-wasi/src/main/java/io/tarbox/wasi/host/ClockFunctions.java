package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
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

    List<HostFunction> functions() {
        return List.of(
                WasiFunction.of("clock_res_get", "ii", (m, a) -> resGet(m, (int) a[0], (int) a[1])),
                WasiFunction.of("clock_time_get", "iIi", (m, a) -> timeGet(m, (int) a[0], (int) a[2])));
    }

    private int resGet(Memory memory, int id, int resultPtr) {
        long resolution = clocks.resolution(id);
        if (resolution < 0) {
            return WasiClocks.known(id) ? Errno.BADF : Errno.INVAL;
        }
        memory.writeLong(resultPtr, resolution);
        return Errno.SUCCESS;
    }

    private int timeGet(Memory memory, int id, int resultPtr) {
        long time = clocks.time(id);
        if (time < 0) {
            return WasiClocks.known(id) ? Errno.BADF : Errno.INVAL;
        }
        memory.writeLong(resultPtr, time);
        return Errno.SUCCESS;
    }
}
