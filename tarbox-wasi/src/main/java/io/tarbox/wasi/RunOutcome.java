package io.tarbox.wasi;

import java.util.List;

/** How a run ended. */
public sealed interface RunOutcome {
    /** The program returned from {@code _start} (code 0) or called proc_exit(code). */
    record Exited(int code) implements RunOutcome {}

    /** The program trapped; the CLI prints "wasm trap: " + message and exits 134, as wasmtime. */
    record Trapped(String message) implements RunOutcome {}

    /** The invoked function (--invoke) returned these values, formatted as wasmtime prints them. */
    record Returned(List<String> values) implements RunOutcome {}

    /** The running thread was interrupted from outside (not by the run's own timeout). */
    record Interrupted() implements RunOutcome {}

    /**
     * The guest reached a limit of {@link RunLimits} and was stopped; everything it wrote before
     * is committed, as after a trap.
     *
     * @param message what happened, e.g. "fuel of 1000 instructions exhausted"
     */
    record LimitReached(RunLimit limit, String message) implements RunOutcome {}
}
