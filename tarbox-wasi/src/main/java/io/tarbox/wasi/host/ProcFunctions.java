package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.declareNoReturn;
import static io.tarbox.wasi.host.WasiFunction.none;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiType.EXITCODE;
import static io.tarbox.wasi.host.WasiType.SIGNAL;

import java.util.List;

/** proc_exit, proc_raise and sched_yield. */
final class ProcFunctions {
    /** The last witx signal (SIGSYS). */
    private static final int SIGNAL_MAX = 30;

    List<WasiFunction> functions() {
        return List.of(
                declareNoReturn("proc_exit", params(EXITCODE.named("rval")), c -> {
                    throw new ProcExit(c.i32(0));
                }),
                // No signals in this host: ENOTSUP as wasmtime; a number outside witx's enum is EINVAL.
                declare("proc_raise", params(SIGNAL.named("sig")), none(), c -> {
                    int sig = c.i32(0);
                    throw WasiError.of(sig < 0 || sig > SIGNAL_MAX ? Errno.INVAL : Errno.NOTSUP);
                }),
                declare("sched_yield", none(), none(), c -> Thread.yield()));
    }
}
