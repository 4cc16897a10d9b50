package io.tarbox.wasi;

/**
 * Unwinds the guest when it reaches a limit that stops the run (fuel, output); {@link WasiRun}
 * turns it into {@link RunOutcome.LimitReached}. Like {@link ProcExit} it passes through the engine
 * untouched, because it is not a Chicory exception.
 */
final class LimitExceededException extends RuntimeException {
    final RunLimit limit;

    LimitExceededException(RunLimit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }
}
