package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.audit.RunRecord;
import io.tarbox.core.audit.RunStatus;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every WASI call that changes the tree leaves an audit row (operation, guest path, the object it
 * changed, bytes, errno), written in the tree's own commits; the rows are append-only in the
 * database. Subclasses name the backend.
 */
abstract class AuditRecordingTest {
    @TempDir
    Path temp;

    /** A fresh store. */
    abstract SqlStore openStore(Path dir);

    /** The store of {@link #openStore}'s database, opened once more (as another process would). */
    abstract SqlStore reopen(Path dir);

    /** A plain JDBC connection to the same database, as an intruder would use. */
    abstract Connection connect(Path dir) throws SQLException;

    private GuestRun audited(SqlStore store, FilesystemInterface fs, String runId, String mode) throws Exception {
        return audited(store, fs, runId, "audit/mutations.wasm", mode);
    }

    private GuestRun audited(SqlStore store, FilesystemInterface fs, String runId, String module, String arg)
            throws Exception {
        AuditLog log = store.auditLog(fs);
        try {
            return GuestRun.run(
                    RunOptions.builder(GuestRun.resource(module))
                            .audit(new RunAudit(log, runId, "hash-" + runId, () -> 0)),
                    module.substring(module.indexOf('/') + 1),
                    List.of(Preopen.of(fs, "/data")),
                    "",
                    arg);
        } finally {
            log.close();
        }
    }

    private static List<String> rows(List<AuditEvent> events) {
        List<String> out = new ArrayList<>();
        for (AuditEvent e : events) {
            out.add(e.operation() + " " + e.path() + (e.resolvedPath() == null ? "" : " => " + e.resolvedPath()) + " "
                    + e.bytes() + " " + e.errno());
        }
        return out;
    }

    @Test
    void aWriteThroughASymlinkIsRecordedAsTheObjectItChanged() throws Exception {
        try (SqlStore store = openStore(temp);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            long secret = fs.mkdir(fs.rootIno(), "secret", 0755).ino();
            long config = fs.create(secret, "config.txt", 0644, true).ino();
            fs.write(config, 0, "original".getBytes(), 0, 8);
            fs.syncAll();
            GuestRun run = audited(store, fs, "sneaky", "audit/symlink.wasm", "/data");
            assertEquals(0, run.exitCode(), run.stderr);

            assertEquals(
                    List.of(
                            "path_symlink /data/notes.txt 0 0",
                            "path_open /data/notes.txt => /data/secret/config.txt 0 0",
                            "fd_write /data/notes.txt => /data/secret/config.txt 8 0",
                            "path_unlink_file /data/notes.txt 0 0"),
                    rows(store.audit(Tenant.DEFAULT, new AuditQuery("sneaky", null, null, null, false, 0))));
            assertEquals(
                    List.of(
                            "path_open /data/notes.txt => /data/secret/config.txt 0 0",
                            "fd_write /data/notes.txt => /data/secret/config.txt 8 0"),
                    rows(store.audit(Tenant.DEFAULT, new AuditQuery(null, "/data/secret/*", null, null, false, 0))),
                    "the object changed is found by its own path");
            byte[] now = new byte[8];
            fs.read(config, 0, now, 0, 8);
            assertEquals("tampered", new String(now));
        }
    }

    @Test
    void theRowsOfAChangeAreCommittedWithTheChange() throws Exception {
        try (SqlStore store = openStore(temp);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            AuditLog log = store.auditLog(fs);
            log.atomically(() -> {
                fs.mkdir(fs.rootIno(), "made", 0755);
                log.record(new AuditEvent(1, 0, "r", "h", "path_create_directory", "/data/made", 0, 0));
                return null;
            });
            fs.syncAll(); // a commit of the tree, as the group-commit timer makes; the log is never flushed
            try (SqlStore other = reopen(temp)) {
                assertEquals(
                        List.of("path_create_directory /data/made 0 0"),
                        rows(other.audit(Tenant.DEFAULT, AuditQuery.all())),
                        "the commit carried the row");
            }
        }
    }

    @Test
    void everyCallThatChangesTheTreeIsRecorded() throws Exception {
        try (SqlStore store = openStore(temp);
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            assertEquals(0, audited(store, fs, "setup-run", "setup").exitCode());
            GuestRun run = audited(store, fs, "mutate-run", "mutate");
            assertEquals(0, run.exitCode(), run.stderr);

            assertEquals(
                    List.of(
                            "path_open /data/f 0 0",
                            "fd_write /data/f 5 0",
                            "path_open /data/g 0 0",
                            "fd_write /data/g 3 0",
                            "path_create_directory /data/d 0 0"),
                    rows(store.audit(Tenant.DEFAULT, new AuditQuery("setup-run", null, null, null, false, 0))));
            assertEquals(
                    List.of(
                            "path_open /data/new 0 0",
                            "fd_write /data/new 5 0", // fd_write 3 + fd_pwrite 2, summed at fd_close
                            "path_open /data/g 0 0", // O_TRUNC
                            "path_open /data/f 0 0", // the write right
                            "fd_write /data/f 0 8", // a descriptor without FD_WRITE: EBADF, a row of its own
                            "fd_filestat_set_size /data/f 0 0",
                            "fd_filestat_set_times /data/f 0 0",
                            "path_create_directory /data/d2 0 0",
                            "path_symlink /data/s 0 0",
                            "path_link /data/f -> /data/h 0 0",
                            "path_filestat_set_times /data/d 0 0",
                            "path_rename /data/g -> /data/g2 0 0",
                            "path_unlink_file /data/f 0 0",
                            "path_remove_directory /data/d 0 0"),
                    rows(store.audit(Tenant.DEFAULT, new AuditQuery("mutate-run", null, null, null, false, 0))));
            for (AuditEvent e : store.audit(Tenant.DEFAULT, AuditQuery.all())) {
                assertEquals("hash-" + e.runId(), e.moduleHash());
                assertEquals(0, e.layer());
                assertTrue(e.timeNanos() > 1_600_000_000_000_000_000L, "time in ns since the epoch");
            }
            // the filters
            assertEquals(
                    List.of("fd_write /data/f 0 8"),
                    rows(store.audit(Tenant.DEFAULT, new AuditQuery(null, null, null, null, true, 0))));
            assertEquals(
                    List.of("path_create_directory /data/d 0 0", "path_create_directory /data/d2 0 0"),
                    rows(store.audit(
                            Tenant.DEFAULT,
                            new AuditQuery(null, "/data/d*", "path_create_directory", null, false, 0))));
            assertEquals(
                    List.of("path_remove_directory /data/d 0 0"),
                    rows(store.audit(Tenant.DEFAULT, new AuditQuery(null, null, null, null, false, 1))));
        }
    }

    @Test
    void aLargeBatchIsWrittenCompleteAndInOrder() {
        try (SqlStore store = openStore(temp)) {
            try (AuditLog log = store.auditLog(Tenant.DEFAULT)) {
                for (int i = 0; i < 450; i++) { // two full multi-row inserts and a shorter one
                    log.record(new AuditEvent(i, 0, "r", "h", "fd_write", "/data/" + i, i, 0));
                }
            }
            List<AuditEvent> events = store.audit(Tenant.DEFAULT, AuditQuery.all());
            assertEquals(450, events.size());
            for (int i = 0; i < 450; i++) {
                assertEquals("/data/" + i, events.get(i).path());
                assertEquals(i, events.get(i).bytes());
            }
        }
    }

    @Test
    void runsAreListedAndAuditRowsAreAppendOnlyButPrunable() throws Exception {
        try (SqlStore store = openStore(temp)) {
            store.startRun(Tenant.DEFAULT, RunRecord.started("r1", "m.wasm", "abc", 10, true));
            try (AuditLog log = store.auditLog(Tenant.DEFAULT)) {
                log.record(new AuditEvent(100, 0, "r1", "abc", "path_unlink_file", "/data/x", 0, 0));
                log.record(new AuditEvent(200, 0, "r1", "abc", "path_open", "/data/y", 0, 44));
            }
            assertEquals(RunStatus.RUNNING, store.runs(Tenant.DEFAULT).get(0).status(), "its process (this one) lives");
            store.finishRun(Tenant.DEFAULT, "r1", 12, 3);
            assertEquals(
                    List.of(new RunRecord("r1", "m.wasm", "abc", 10, 12, 3, 1, RunStatus.EXITED, null, true)),
                    store.runs(Tenant.DEFAULT));
            assertFalse(store.finishRun(Tenant.DEFAULT, "r1", 99, 0, null, false), "a run ends once");

            try (Connection c = connect(temp);
                    Statement st = c.createStatement()) {
                assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE audit_events SET errno = 0"));
                assertThrows(
                        SQLException.class,
                        () -> st.executeUpdate("UPDATE runs SET exit_code = 0"),
                        "a finished run's row is final");
            }
            assertEquals(
                    2,
                    store.audit(Tenant.DEFAULT, new AuditQuery(null, null, null, null, false, 0))
                            .size());
            assertEquals(1, store.pruneAudit(Tenant.DEFAULT, 150, false));
            assertEquals(
                    List.of("path_open /data/y 0 44", "audit prune before 1970-01-01T00:00:00.000000Z 1 0"),
                    rows(store.audit(Tenant.DEFAULT, AuditQuery.all())),
                    "the prune is recorded");
            assertEquals(List.of(), store.runs(Tenant.DEFAULT)); // finished, started before 150
            long now = System.currentTimeMillis() * 1_000_000L;
            assertEquals(
                    FsError.INVALID,
                    assertThrows(FsException.class, () -> store.pruneAudit(Tenant.DEFAULT, now + 60_000_000_000L, true))
                            .error(),
                    "never the future");
            assertEquals(
                    FsError.INVALID,
                    assertThrows(FsException.class, () -> store.pruneAudit(Tenant.DEFAULT, now, false))
                            .error(),
                    "nothing younger than a day, unforced");
            assertEquals(1, store.pruneAudit(Tenant.DEFAULT, now, true), "forced: everything but the prunes");
            assertEquals(
                    List.of("audit prune", "audit prune"),
                    store.audit(Tenant.DEFAULT, AuditQuery.all()).stream()
                            .map(AuditEvent::operation)
                            .toList());
            try (Connection c = connect(temp);
                    Statement st = c.createStatement()) {
                assertThrows(
                        SQLException.class,
                        () -> st.executeUpdate("DELETE FROM audit_events"),
                        "the record of a prune is never deleted");
            }
        }
    }
}
