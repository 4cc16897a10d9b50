package io.tarbox.wasi;

import io.tarbox.core.audit.AuditLog;
import java.util.Objects;

/**
 * How a run is audited (see {@link AuditRecorder} for what is recorded).
 *
 * @param log where the events go; flushed when the run ends
 * @param runId the run's id, written into every event
 * @param moduleHash SHA-256 (hex) of the module, written into every event
 */
public record RunAudit(AuditLog log, String runId, String moduleHash) {
    public RunAudit {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(moduleHash, "moduleHash");
    }
}
