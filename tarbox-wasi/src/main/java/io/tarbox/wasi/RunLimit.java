package io.tarbox.wasi;

/** A limit that stops a run when the guest reaches it (see {@link RunLimits}). */
public enum RunLimit {
    /** Linear memory: memory.grow was refused, and the program then failed. */
    MEMORY,
    /** Wall-clock time. */
    TIME,
    /** The budget of executed instructions. */
    FUEL,
    /** Bytes written to standard output and standard error. */
    OUTPUT
}
