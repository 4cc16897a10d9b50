package io.tarbox.cli.command;

import io.tarbox.cli.Session;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.RunAudit;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.LongSupplier;

/** The audit trail of one {@code tarbox run}: its row in {@code runs} and its events' log. */
final class RunTrail {
    private final SqlStore store;
    private final String tenant;
    private final RunAudit audit;

    private RunTrail(SqlStore store, String tenant, RunAudit audit) {
        this.store = store;
        this.tenant = tenant;
        this.audit = audit;
    }

    /**
     * Records the start of a run; null when the store keeps no audit trail.
     *
     * @param layer the layer the run writes to (see {@link RunAudit#layer})
     */
    static RunTrail start(Session session, Path module, byte[] bytes, LongSupplier layer) {
        if (!(session.store() instanceof SqlStore store)) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        String hash = sha256(bytes);
        Instant now = Instant.now();
        String name = module.getFileName() == null ? module.toString() : module.getFileName().toString();
        store.startRun(session.tenant(), new RunRecord(id, name, hash,
                now.getEpochSecond() * 1_000_000_000L + now.getNano(), -1, null, 0));
        return new RunTrail(store, session.tenant(), new RunAudit(store.auditLog(session.tenant()), id, hash, layer));
    }

    RunAudit audit() {
        return audit;
    }

    /** Records how the run ended (after its log was closed, so files changed can be counted). */
    void finish(long durationMillis, int exitCode) {
        store.finishRun(tenant, audit.runId(), durationMillis, exitCode);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
