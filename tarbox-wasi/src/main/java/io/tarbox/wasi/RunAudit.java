package io.tarbox.wasi;

import io.tarbox.core.audit.AuditLog;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a run is audited (see {@code io.tarbox.wasi.host.AuditRecorder} for what is recorded).
 *
 * @param log where the events go; flushed when the run ends
 * @param runId the run's id, written into every event
 * @param moduleHash SHA-256 (hex) of the module, written into every event
 * @param layer the layer the run's changes go to at the moment of each event (a guest may take a
 *     snapshot midway); must be cheap, it is asked once per event
 */
public record RunAudit(AuditLog log, String runId, String moduleHash, LongSupplier layer) {
    public RunAudit {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(moduleHash, "moduleHash");
        Objects.requireNonNull(layer, "layer");
    }
}
