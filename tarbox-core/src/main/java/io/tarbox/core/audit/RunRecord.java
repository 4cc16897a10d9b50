package io.tarbox.core.audit;

/**
 * One {@code tarbox run}: started when the module starts, finished with its outcome.
 *
 * @param id the run id (a random UUID), named by the run's {@link AuditEvent}s
 * @param module the module file's name as given on the command line
 * @param moduleHash SHA-256 (hex) of the module
 * @param startNanos start time, nanoseconds since the epoch
 * @param durationMillis how long it ran; -1 while running (or when the process died)
 * @param exitCode the exit code; null while running (or when the process died)
 * @param filesChanged distinct paths changed by successful operations
 */
public record RunRecord(String id, String module, String moduleHash, long startNanos, long durationMillis,
        Integer exitCode, long filesChanged) {}
