package io.tarbox.wasi.host;

import io.tarbox.wasi.WasiRun;

/**
 * Unwinds the guest when it calls proc_exit (or WASI 0.2 {@code exit}); {@link WasiRun} turns it into
 * an exit outcome.
 */
public final class ProcExit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int code;

    public ProcExit(int code) {
        super("proc_exit(" + code + ")", null, false, false);
        this.code = code;
    }
}
