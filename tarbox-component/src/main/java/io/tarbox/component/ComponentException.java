package io.tarbox.component;

/**
 * A component cannot be decoded, validated, linked or run on this host. The message is one line
 * meant for users and names what is wrong; {@link #kind()} says which check failed.
 */
public final class ComponentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which check failed. */
    public enum Kind {
        /** The bytes end in the middle of a section or value. */
        TRUNCATED,
        /** A section or value is not encoded as the binary format says. */
        MALFORMED,
        /** The component decodes but breaks a validation rule (an index out of range, a type mismatch). */
        INVALID,
        /** A feature this runtime does not implement (async, WASI 0.3, shared-everything threads, values). */
        UNSUPPORTED,
        /** Imports the host does not provide (every one listed in the message). */
        UNSATISFIED_IMPORTS,
        /** The component exports nothing that can be run as asked. */
        NO_ENTRY_POINT
    }

    private final Kind kind;

    public ComponentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ComponentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
