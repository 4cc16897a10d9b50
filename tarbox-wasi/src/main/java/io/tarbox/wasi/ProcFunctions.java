package io.tarbox.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import java.util.List;

/** proc_exit, proc_raise and sched_yield. */
final class ProcFunctions {
    List<HostFunction> functions() {
        return List.of(
                WasiFunction.noResult("proc_exit", "i", (m, a) -> {
                    throw new ProcExit((int) a[0]);
                }),
                // Signals do not exist in preview 1 hosts; wasmtime answers ENOTSUP.
                WasiFunction.of("proc_raise", "i", (m, a) -> Errno.NOTSUP),
                WasiFunction.of("sched_yield", "", (m, a) -> {
                    Thread.yield();
                    return Errno.SUCCESS;
                }));
    }
}
