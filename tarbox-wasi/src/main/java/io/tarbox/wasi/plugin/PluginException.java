package io.tarbox.wasi.plugin;

/**
 * A plugin could not be loaded or failed while running. The {@link Kind} says what went wrong so
 * that a caller (the CLI) can map every failure to an exit code in one place; the message is one
 * line meant for a user and names the export, field, code or limit involved.
 */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The bytes are not a valid WebAssembly module, or it imports something the host lacks. */
        INVALID_MODULE,
        /** A required export (a function or the memory) is missing or has the wrong type. */
        MISSING_EXPORT,
        /** {@code plugin_manifest} failed, or returned text that is not a valid manifest. */
        BAD_MANIFEST,
        /** A config key was given that the manifest does not declare. */
        BAD_CONFIG,
        /** {@code plugin_init} returned a non-zero code. */
        INIT_FAILED,
        /** {@code plugin_process} returned a negative code, or {@code alloc} gave no usable memory. */
        PROCESS_FAILED,
        /** The plugin trapped (unreachable, out-of-bounds access, stack exhausted, ...). */
        TRAP,
        /** A call into the plugin ran longer than {@link PluginLimits#maxMillis()}. */
        TIME_LIMIT,
        /** The plugin failed after its memory reached {@link PluginLimits#maxMemoryBytes()}. */
        MEMORY_LIMIT,
        /** The plugin produced (or logged) more than {@link PluginLimits#maxOutputBytes()}. */
        OUTPUT_LIMIT,
        /** The thread waiting for the plugin was interrupted; the call was abandoned. */
        INTERRUPTED
    }

    private final Kind kind;

    public PluginException(Kind kind, String message) {
        this(kind, message, null);
    }

    public PluginException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
