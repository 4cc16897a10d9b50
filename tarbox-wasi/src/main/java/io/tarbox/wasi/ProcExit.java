package io.tarbox.wasi;

/** Unwinds the guest when it calls proc_exit; {@link WasiRun} turns it into an exit outcome. */
public final class ProcExit extends RuntimeException {
    final int code;

    ProcExit(int code) {
        super("proc_exit(" + code + ")", null, false, false);
        this.code = code;
    }
}
