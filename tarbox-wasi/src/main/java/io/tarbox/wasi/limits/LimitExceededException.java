package io.tarbox.wasi.limits;

import io.tarbox.wasi.RunLimit;
import io.tarbox.wasi.RunOutcome;
import io.tarbox.wasi.WasiRun;
import io.tarbox.wasi.host.ProcExit;

/**
 * Unwinds the guest when it reaches a limit that stops the run (fuel, output); {@link WasiRun}
 * turns it into {@link RunOutcome.LimitReached}. Like {@link ProcExit} it passes through the engine
 * untouched, because it is not a Chicory exception.
 */
public final class LimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final RunLimit limit;

    public LimitExceededException(RunLimit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }
}
