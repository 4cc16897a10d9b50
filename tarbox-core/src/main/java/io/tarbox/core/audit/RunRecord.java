package io.tarbox.core.audit;

/**
 * One {@code tarbox run}: recorded when the module starts (status {@link RunStatus#RUNNING}), and
 * completed with its outcome when it ends, or by a shutdown hook when a signal stops it.
 *
 * @param id the run id (a random UUID), named by the run's {@link AuditEvent}s
 * @param module the module file's name as given on the command line
 * @param moduleHash SHA-256 (hex) of the module
 * @param startNanos start time, nanoseconds since the epoch
 * @param durationMillis how long it ran; -1 while running (or when the process died)
 * @param exitCode the exit code; null while running (or when the process died)
 * @param filesChanged distinct paths changed by successful operations
 * @param status how it stands; {@link RunStatus#KILLED} and {@link RunStatus#UNKNOWN} are told when
 *     the row is read, from whether the process that started it still lives
 * @param signal the signal that stopped a {@link RunStatus#SIGNALLED} run ("SIGTERM"), else null
 * @param audited false for {@code run --no-audit}: the run's operations were not recorded
 */
public record RunRecord(
        String id,
        String module,
        String moduleHash,
        long startNanos,
        long durationMillis,
        Integer exitCode,
        long filesChanged,
        RunStatus status,
        String signal,
        boolean audited) {
    /** A run that has just started. */
    public static RunRecord started(String id, String module, String moduleHash, long startNanos, boolean audited) {
        return new RunRecord(id, module, moduleHash, startNanos, -1, null, 0, RunStatus.RUNNING, null, audited);
    }
}
