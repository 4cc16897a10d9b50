package io.tarbox.wasi;

/**
 * A limit that stops a run when the guest reaches it (see {@link RunLimits}), with the exit code
 * {@code tarbox run} reports for it (docs/limits.md; the only place these codes are chosen).
 */
public enum RunLimit {
    /** Linear memory: memory.grow was refused, and the program then failed. */
    MEMORY(10),
    /** Wall-clock time. */
    TIME(9),
    /** The budget of executed instructions. */
    FUEL(12),
    /** Bytes written to standard output and standard error. */
    OUTPUT(11);

    private final int exitCode;

    RunLimit(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code of a run stopped by this limit. */
    public int exitCode() {
        return exitCode;
    }
}
