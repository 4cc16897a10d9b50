package io.tarbox.core.audit;

/**
 * A filter over a tenant's audit events (for {@code tarbox audit}); a null field matches all.
 *
 * @param runId only this run's events
 * @param pathGlob only paths matching this glob ({@code *} any characters, {@code ?} one)
 * @param operation only this operation
 * @param sinceNanos only events at or after this time
 * @param failedOnly only events whose errno is not 0
 * @param limit at most this many events (the newest), or 0 for all
 */
public record AuditQuery(
        String runId, String pathGlob, String operation, Long sinceNanos, boolean failedOnly, int limit) {
    /** Every event. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, false, 0);
    }
}
