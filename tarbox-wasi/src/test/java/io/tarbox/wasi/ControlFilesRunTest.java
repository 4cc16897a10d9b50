package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.audit.AuditLog;
import io.tarbox.core.audit.AuditQuery;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.Tenant;
import io.tarbox.core.path.PathResolver;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.wasi.control.ControlFilesystem;
import io.tarbox.wasi.host.Errno;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest drives {@code /.tarbox} (tarbox-wasi/src/test/c/control/control.c): checkpoints with
 * layers/new, reads a snapshot's view, switches back, drops, reads the audit and usage documents,
 * and gets the documented errno for each refusal. Subclasses name the backend.
 */
abstract class ControlFilesRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** A fresh store. */
    abstract SqlStore openStore(Path dir);

    @Test
    void aProgramCheckpointsInspectsAndRollsBackItsOwnTree() throws Exception {
        try (SqlStore store = openStore(temp);
                LayeredFilesystem tree = store.openFilesystem(Tenant.DEFAULT)) {
            GuestRun run;
            try (AuditLog log = store.auditLog(Tenant.DEFAULT);
                    ControlFilesystem control =
                            new ControlFilesystem(new StoreControlPlane(store, Tenant.DEFAULT, tree, log))) {
                run = GuestRun.run(
                        RunOptions.builder(GuestRun.resource("control/control.wasm"))
                                .audit(new RunAudit(log, "run-1", "hash", tree::currentLayerId)),
                        "control.wasm",
                        List.of(Preopen.of(tree, "/data"), Preopen.of(control, ControlFilesystem.GUEST_PATH)),
                        "",
                        "control");
            }
            assertEquals(0, run.exitCode(), run.stdout + run.stderr);
            assertEquals(
                    List.of(
                            "ok read layers",
                            "ok checkpoint",
                            "ok snapshot view",
                            "ok read-only",
                            "ok switch",
                            "ok errors",
                            "ok drop",
                            "ok audit and usage"),
                    run.stdout.lines().filter(l -> l.startsWith("ok ")).toList());
            assertTrue(run.stdout.contains("PASS control: "), run.stdout);

            // what the program left: the tree as at cp1 plus second.txt, and no snapshots
            assertEquals("v1", content(tree, "/keep.txt"));
            assertEquals("3", content(tree, "/second.txt"));
            assertEquals(List.of(), tree.snapshots());
            // the commands are on record like any write
            List<AuditEvent> writes = store.audit(
                    Tenant.DEFAULT, new AuditQuery("run-1", "/.tarbox/layers/*", "fd_write", null, false, 0));
            assertTrue(
                    writes.stream().anyMatch(e -> e.path().equals("/.tarbox/layers/new") && e.errno() == Errno.INVAL),
                    writes.toString());
            // each event names the layer it went to: the checkpoint started a new one
            List<AuditEvent> all = store.audit(Tenant.DEFAULT, new AuditQuery("run-1", null, null, null, false, 0));
            long before = all.stream()
                    .filter(e -> e.path().equals("/data/gone.txt"))
                    .findFirst()
                    .orElseThrow()
                    .layer();
            long after = all.stream()
                    .filter(e -> e.operation().equals("path_unlink_file"))
                    .findFirst()
                    .orElseThrow()
                    .layer();
            assertTrue(before > 0 && after > before, before + " then " + after);
        }
    }

    @Test
    void withoutTheControlPreopenThereIsNoTarboxDirectory() throws Exception {
        try (SqlStore store = openStore(temp);
                LayeredFilesystem tree = store.openFilesystem(Tenant.DEFAULT)) {
            GuestRun run = GuestRun.run(
                    "control/control.wasm", List.of(Preopen.of(tree, "/data")), Engine.COMPILER, "", "absent");
            assertEquals(0, run.exitCode(), run.stdout + run.stderr);
            assertEquals("still works", content(tree, "/plain.txt"));
        }
    }

    @Test
    void theDocumentsDescribeTheStoredLayers() throws Exception {
        try (SqlStore store = openStore(temp);
                LayeredFilesystem tree = store.openFilesystem(Tenant.DEFAULT);
                AuditLog log = store.auditLog(Tenant.DEFAULT);
                ControlFilesystem control =
                        new ControlFilesystem(new StoreControlPlane(store, Tenant.DEFAULT, tree, log))) {
            long base = tree.currentLayer().id();
            tree.createSnapshot("first", "");
            tree.tag("first", "also-first");
            JsonNode current = JSON.readTree(document(control, "layers/current"));
            assertEquals(tree.currentLayer().id(), current.get("id").asLong());
            assertEquals(base, current.get("parent").asLong());
            JsonNode list = JSON.readTree(document(control, "layers/list"));
            assertEquals(2, list.size());
            assertEquals("[\"first\",\"also-first\"]", list.get(0).get("names").toString());
            JsonNode tree0 = JSON.readTree(document(control, "layers/tree")).get(0);
            assertEquals(2, tree0.get("layers").size());
            assertEquals("current", tree0.get("layers").get(1).get("state").asText());
            JsonNode usage = JSON.readTree(document(control, "stats/usage"));
            assertEquals(2, usage.get("layers").asLong());
            assertEquals(1, usage.get("snapshots").asLong());
            assertEquals(1, usage.get("tags").asLong());
        }
    }

    @Test
    void layerCommandsInAScratchTreeAreNotSupported() {
        try (SqlStore store = openStore(temp);
                LayeredFilesystem scratch = store.openScratch(Tenant.DEFAULT);
                AuditLog log = store.auditLog(Tenant.DEFAULT);
                ControlFilesystem control =
                        new ControlFilesystem(new StoreControlPlane(store, Tenant.DEFAULT, scratch, log))) {
            long command = PathResolver.rooted(control)
                    .resolve("/layers/new", true)
                    .existing()
                    .ino();
            byte[] name = "cp".getBytes(StandardCharsets.UTF_8);
            FsException e = assertThrows(FsException.class, () -> control.write(command, 0, name, 0, name.length));
            assertEquals(Errno.NOTSUP, Errno.of(e.error()));
        }
    }

    private static String document(ControlFilesystem control, String path) {
        control.refresh();
        long ino = PathResolver.rooted(control).resolve(path, true).existing().ino();
        byte[] buffer = new byte[65536];
        int n = control.read(ino, 0, buffer, 0, buffer.length);
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    private static String content(LayeredFilesystem tree, String path) {
        long ino = PathResolver.rooted(tree).resolve(path, true).existing().ino();
        byte[] buffer = new byte[256];
        int n = tree.read(ino, 0, buffer, 0, buffer.length);
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
}
