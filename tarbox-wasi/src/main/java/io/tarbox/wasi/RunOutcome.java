package io.tarbox.wasi;

import java.util.List;

/** How a run ended. */
public sealed interface RunOutcome {
    /** The exit code of a trapped run, as wasmtime's. */
    int TRAP_EXIT_CODE = 134;
    /** The exit code of a run interrupted from outside (as by SIGINT: 128 + 2). */
    int INTERRUPTED_EXIT_CODE = 130;

    /**
     * The exit code {@code tarbox run} ends with for this outcome: the program's own, 134 for a
     * trap, the limit's code ({@link RunLimit#exitCode}), 0 for a function that returned, 130 for a
     * run interrupted from outside.
     */
    default int exitCode() {
        if (this instanceof Exited exited) {
            return exited.code();
        }
        if (this instanceof Trapped) {
            return TRAP_EXIT_CODE;
        }
        if (this instanceof LimitReached limit) {
            return limit.limit().exitCode();
        }
        return this instanceof Returned ? 0 : INTERRUPTED_EXIT_CODE;
    }

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
