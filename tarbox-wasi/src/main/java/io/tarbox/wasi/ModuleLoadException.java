package io.tarbox.wasi;

/**
 * A module or component cannot be run: the bytes are not a valid module or component, or they ask
 * for what this host cannot give. The message is one line meant for users; {@link #reason()} says which check failed.
 */
public final class ModuleLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Which check failed. */
    public enum Reason {
        /** The bytes do not start with the WebAssembly magic number "\0asm". */
        NOT_WASM,
        /** The magic number is there but the binary format version is not 1. */
        UNSUPPORTED_VERSION,
        /** The module ends in the middle of a section or value. */
        TRUNCATED,
        /** A section or value is malformed (bad encoding). */
        MALFORMED,
        /** The module decodes but fails validation (e.g. type errors in a function body). */
        INVALID,
        /** Imports this host does not provide (all of them listed in the message). */
        UNSATISFIED_IMPORTS,
        /** Neither {@code _start} nor the function asked for with --invoke is exported. */
        NO_ENTRY_POINT,
        /** A component uses a feature Tarbox does not implement (async, WASI 0.3, value definitions). */
        UNSUPPORTED
    }

    private final Reason reason;

    public ModuleLoadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModuleLoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
