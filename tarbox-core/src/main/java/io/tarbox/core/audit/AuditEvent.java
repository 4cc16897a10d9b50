package io.tarbox.core.audit;

import java.util.Objects;

/**
 * One recorded file operation: a WASI call of a run, or a mutating CLI command.
 *
 * @param timeNanos when it happened, nanoseconds since the epoch
 * @param layer the layer the operation went to; 0 until the tree has layers
 * @param runId the run ({@link RunRecord#id()}), null for a CLI command
 * @param moduleHash SHA-256 (hex) of the running module, null for a CLI command
 * @param operation the WASI function ("path_open", "fd_write", ...) or the CLI command ("put", ...)
 * @param path the path as the caller named it: guest path for a run, tree path for the CLI; null
 *     when the call failed before naming one (e.g. a bad descriptor)
 * @param bytes bytes written (or read, for aggregated reads); 0 for metadata operations
 * @param errno the WASI errno of the result, 0 for success
 */
public record AuditEvent(long timeNanos, long layer, String runId, String moduleHash, String operation, String path,
        long bytes, int errno) {
    public AuditEvent {
        Objects.requireNonNull(operation, "operation");
    }

    /** Whether the operation failed. */
    public boolean failed() {
        return errno != 0;
    }
}
