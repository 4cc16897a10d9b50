package io.tarbox.core.audit;

import java.util.Objects;

/**
 * One recorded file operation: a WASI call of a run, or a mutating CLI command.
 *
 * @param timeNanos when it happened, nanoseconds since the epoch
 * @param layer the layer the operation went to
 * @param runId the run ({@link RunRecord#id()}), null for a CLI command
 * @param moduleHash SHA-256 (hex) of the running module, null for a CLI command
 * @param operation the WASI function ("path_open", "fd_write", ...) or the CLI command ("put", ...)
 * @param path the path as the caller named it: guest path for a run, tree path for the CLI; null
 *     when the call failed before naming one (e.g. a bad descriptor)
 * @param resolvedPath the object the call actually changed when {@code path} led elsewhere (through
 *     a symlink, say): the guest path reached by following it; null when it is {@code path} itself
 *     or unknown. For {@code path_rename} and {@code path_link}, "FROM -> TO" as {@code path} is.
 * @param bytes bytes written; 0 for metadata operations
 * @param errno the WASI errno of the result, 0 for success
 * @param token the name of the API token a {@code tarbox serve} request was made with; null for runs
 *     and CLI commands
 */
public record AuditEvent(
        long timeNanos,
        long layer,
        String runId,
        String moduleHash,
        String operation,
        String path,
        String resolvedPath,
        long bytes,
        int errno,
        String token) {
    public AuditEvent {
        Objects.requireNonNull(operation, "operation");
        if (resolvedPath != null && resolvedPath.equals(path)) {
            resolvedPath = null;
        }
    }

    /** An event of a run or a CLI command (no token). */
    public AuditEvent(
            long timeNanos,
            long layer,
            String runId,
            String moduleHash,
            String operation,
            String path,
            String resolvedPath,
            long bytes,
            int errno) {
        this(timeNanos, layer, runId, moduleHash, operation, path, resolvedPath, bytes, errno, null);
    }

    /** An event whose path is the object it changed. */
    public AuditEvent(
            long timeNanos,
            long layer,
            String runId,
            String moduleHash,
            String operation,
            String path,
            long bytes,
            int errno) {
        this(timeNanos, layer, runId, moduleHash, operation, path, null, bytes, errno, null);
    }

    /** Whether the operation failed. */
    public boolean failed() {
        return errno != 0;
    }

    /** The path of the object changed: {@link #resolvedPath} when known, else {@link #path}. */
    public String changedPath() {
        return resolvedPath != null ? resolvedPath : path;
    }
}
