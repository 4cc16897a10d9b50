package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import java.util.List;

/** proc_exit, proc_raise and sched_yield. */
final class ProcFunctions {
    /** The last witx signal (SIGSYS). */
    private static final int SIGNAL_MAX = 30;

    List<HostFunction> functions() {
        return List.of(
                WasiFunction.noResult("proc_exit", "i", (m, a) -> {
                    throw new ProcExit((int) a[0]);
                }),
                // No signals in this host: ENOTSUP as wasmtime; a number outside witx's enum is EINVAL.
                WasiFunction.of("proc_raise", "i", (m, a) -> a[0] < 0 || a[0] > SIGNAL_MAX ? Errno.INVAL : Errno.NOTSUP),
                WasiFunction.of("sched_yield", "", (m, a) -> {
                    Thread.yield();
                    return Errno.SUCCESS;
                }));
    }
}
