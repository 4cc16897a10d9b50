package io.tarbox.server;

import io.tarbox.wasi.RunOutcome;

/** The CLI's exit codes of runs, as far as the server's tests need them (the CLI passes its own). */
final class TestExitCodes {
    private TestExitCodes() {}

    static int of(RunOutcome outcome) {
        if (outcome instanceof RunOutcome.Exited e) {
            return e.code();
        }
        return outcome instanceof RunOutcome.Trapped ? 134 : 1;
    }
}
