package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.GcResult;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.model.Tenant;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Layers, snapshots, scratch trees and gc through the storage API; run on SQLite and PostgreSQL
 * by the subclasses.
 */
abstract class LayersTest {
    private static final String T = Tenant.DEFAULT;

    protected SqlStore store;

    /** Opens a store on a fresh database. */
    protected abstract SqlStore openStore();

    /**
     * A plain JDBC connection to the database of {@link #openStore()} (not joined to a tenant), for
     * changes Tarbox itself would not make: what an older Tarbox, or another host, left behind.
     */
    protected abstract Connection rawConnection() throws SQLException;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private LayeredFilesystem tree() {
        if (store == null) {
            store = openStore();
        }
        return store.openFilesystem(T);
    }

    @Test
    void inodeAndLayerNumbersCarryNoOtherTenantsActivity() {
        tree().close();
        store.createTenant("busy");
        store.createTenant("quiet");
        try (LayeredFilesystem busy = store.openFilesystem("busy")) {
            for (int i = 0; i < 2500; i++) { // three blocks of inode numbers
                busy.create(busy.rootIno(), "f" + i, 0644, true);
            }
            for (int i = 0; i < 4; i++) {
                busy.createSnapshot("s" + i, "");
            }
        }
        try (LayeredFilesystem quiet = store.openFilesystem("quiet")) {
            assertEquals(2, quiet.create(quiet.rootIno(), "first", 0644, true).ino(), "its first inode after the root");
            long base = quiet.currentLayerId();
            assertEquals(1, base, "a tenant's first layer is its layer 1, whatever others did");
            quiet.createSnapshot("one", "");
            assertEquals(base + 1, quiet.currentLayerId());
            assertEquals(3, quiet.mkdir(quiet.rootIno(), "second", 0755).ino());
        }
        try (LayeredFilesystem busy = store.openFilesystem("busy")) {
            assertEquals(5, busy.currentLayerId(), "the busy tenant counts its own layers");
            assertEquals(2, busy.lookup(busy.rootIno(), "f0").ino());
            assertEquals(2501, busy.lookup(busy.rootIno(), "f2499").ino(), "one number after another, its own");
        }
    }

    // ---- helpers: a path-level view of a tree ----

    private static long resolve(FilesystemInterface fs, String path) {
        long ino = fs.rootIno();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                ino = fs.lookup(ino, part).ino();
            }
        }
        return ino;
    }

    private static long dirOf(FilesystemInterface fs, String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? fs.rootIno() : resolve(fs, path.substring(0, slash));
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void write(FilesystemInterface fs, String path, byte[] data) {
        FileAttributes f = fs.create(dirOf(fs, path), nameOf(path), 0644, false);
        fs.truncate(f.ino(), 0);
        fs.write(f.ino(), 0, data, 0, data.length);
    }

    private static void write(FilesystemInterface fs, String path, String text) {
        write(fs, path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] read(FilesystemInterface fs, String path) {
        long ino = resolve(fs, path);
        byte[] data = new byte[(int) fs.getattr(ino).size()];
        int n = fs.read(ino, 0, data, 0, data.length);
        assertEquals(data.length, n);
        return data;
    }

    private static String text(FilesystemInterface fs, String path) {
        return new String(read(fs, path), StandardCharsets.UTF_8);
    }

    /** Every path of the tree with its content (files), "->target" (symlinks) or "/" (directories). */
    private static Map<String, String> listing(FilesystemInterface fs) {
        Map<String, String> out = new TreeMap<>();
        walk(fs, fs.rootIno(), "", out);
        return out;
    }

    private static void walk(FilesystemInterface fs, long dir, String prefix, Map<String, String> out) {
        long cookie = 0;
        List<String> names = new ArrayList<>();
        while (true) {
            List<DirEntry> page = fs.readdir(dir, cookie, 7); // small pages: cookies across layers
            if (page.isEmpty()) {
                break;
            }
            for (DirEntry e : page) {
                names.add(e.name());
                cookie = e.cookie();
                String path = prefix + e.name();
                FileAttributes a = fs.getattr(e.ino());
                switch (a.type()) {
                    case DIRECTORY -> {
                        out.put(path, "/");
                        walk(fs, e.ino(), path + "/", out);
                    }
                    case SYMLINK -> out.put(path, "->" + fs.readlink(e.ino()));
                    default -> {
                        byte[] data = new byte[(int) a.size()];
                        fs.read(e.ino(), 0, data, 0, data.length);
                        out.put(path, Arrays.hashCode(data) + ":" + a.size());
                    }
                }
            }
        }
        assertEquals(names.size(), names.stream().distinct().count(), "a name listed twice in " + prefix);
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private void populate(LayeredFilesystem fs) {
        write(fs, "small.txt", "small v1");
        write(fs, "big.bin", random(300_000, 1));
        fs.mkdir(fs.rootIno(), "dir", 0755);
        write(fs, "dir/inner.txt", "inner");
        fs.mkdir(resolve(fs, "dir"), "sub", 0755);
        fs.symlink(fs.rootIno(), "link", "dir/inner.txt");
        fs.link(resolve(fs, "small.txt"), fs.rootIno(), "hard.txt");
    }

    private void mutate(LayeredFilesystem fs) {
        write(fs, "small.txt", "small v2, longer");
        fs.write(resolve(fs, "big.bin"), 100_000, new byte[] {1, 2, 3}, 0, 3);
        fs.truncate(resolve(fs, "big.bin"), 150_000);
        fs.unlink(resolve(fs, "dir"), "inner.txt");
        fs.rmdir(resolve(fs, "dir"), "sub");
        fs.rename(fs.rootIno(), "dir", fs.rootIno(), "renamed");
        fs.unlink(fs.rootIno(), "link");
        write(fs, "new.txt", "new");
        fs.rename(fs.rootIno(), "hard.txt", resolve(fs, "renamed"), "hard-moved.txt");
    }

    @Test
    void restoreBringsBackExactlyWhatTheSnapshotHeld() {
        LayeredFilesystem fs = tree();
        populate(fs);
        Map<String, String> before = listing(fs);
        fs.createSnapshot("s1", "before");
        mutate(fs);
        Map<String, String> changed = listing(fs);
        assertFalse(changed.equals(before));
        assertEquals("small v2, longer", text(fs, "renamed/hard-moved.txt"));

        Optional<Snapshot> kept = fs.restore("s1", false);
        assertEquals(before, listing(fs));
        assertEquals("small v1", text(fs, "hard.txt"));
        assertArrayEquals(random(300_000, 1), read(fs, "big.bin"));
        assertTrue(kept.isPresent());
        fs.close();

        try (FilesystemInterface view = store.openSnapshot(T, kept.get().name())) {
            assertEquals(changed, listing(view));
        }
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertEquals(before, listing(again)); // durable
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void snapshotsAreReadOnlyViewsThatLaterChangesDoNotReach() {
        LayeredFilesystem fs = tree();
        populate(fs);
        Map<String, String> before = listing(fs);
        fs.createSnapshot("s1", "");
        mutate(fs);
        fs.syncAll();
        try (FilesystemInterface view = store.openSnapshot(T, "s1")) {
            assertEquals(before, listing(view));
            FsException e = assertThrows(FsException.class, () -> view.create(view.rootIno(), "x", 0644, false));
            assertEquals(FsError.READ_ONLY, e.error());
            e = assertThrows(FsException.class, () -> view.unlink(view.rootIno(), "small.txt"));
            assertEquals(FsError.READ_ONLY, e.error());
        }
        FsException missing = assertThrows(FsException.class, () -> store.openSnapshot(T, "nope"));
        assertEquals(FsError.NOT_FOUND, missing.error());
        fs.close();
    }

    @Test
    void restoreWithDiscardKeepsNoSnapshotAndDropsTheReplacedLayer() {
        LayeredFilesystem fs = tree();
        populate(fs);
        fs.createSnapshot("s1", "");
        mutate(fs);
        int layersBefore = fs.layers().size();
        assertEquals(Optional.empty(), fs.restore("s1", true));
        assertEquals(List.of("s1"), fs.snapshots().stream().map(Snapshot::name).toList());
        assertEquals(layersBefore, fs.layers().size()); // the replaced top went, a new empty top came
        LayerInfo current = fs.currentLayer();
        assertEquals(LayerInfo.State.CURRENT, current.state());
        assertEquals(fs.findSnapshot("s1").orElseThrow().layer(), current.parent());
        fs.close();
    }

    @Test
    void dropIsRefusedWhileSnapshotsDependUnlessForced() {
        LayeredFilesystem fs = tree();
        write(fs, "a.txt", "a");
        fs.createSnapshot("s1", "");
        write(fs, "b.txt", "b");
        fs.createSnapshot("s2", "");
        FsException e = assertThrows(FsException.class, () -> fs.dropSnapshot("s1", false));
        assertEquals(FsError.BUSY, e.error());
        assertTrue(e.getMessage().contains("s2"), e.getMessage());
        fs.dropSnapshot("s1", true);
        assertEquals(List.of("s2"), fs.snapshots().stream().map(Snapshot::name).toList());
        try (FilesystemInterface view = store.openSnapshot(T, "s2")) {
            assertEquals("a", text(view, "a.txt")); // s1's layer stays under s2
        }
        fs.dropSnapshot("s2", false); // the current tree builds on it: only the name goes
        assertEquals("a", text(fs, "a.txt"));
        assertEquals("b", text(fs, "b.txt"));
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> fs.dropSnapshot("s2", false))
                        .error());
        fs.close();
    }

    @Test
    void tagsNameTheSameLayer() {
        LayeredFilesystem fs = tree();
        write(fs, "a.txt", "v1");
        Snapshot s1 = fs.createSnapshot("s1", "first");
        Snapshot tag = fs.tag("s1", "release-1.0");
        assertEquals(s1.layer(), tag.layer());
        assertTrue(tag.tag());
        write(fs, "a.txt", "v2");
        fs.restore("release-1.0", true);
        assertEquals("v1", text(fs, "a.txt"));
        fs.dropSnapshot("release-1.0", false);
        assertTrue(fs.findSnapshot("s1").isPresent());
        assertEquals(
                FsError.EXISTS,
                assertThrows(FsException.class, () -> fs.tag("s1", "s1")).error());
        assertEquals(
                FsError.INVALID,
                assertThrows(FsException.class, () -> fs.createSnapshot("../x", ""))
                        .error());
        assertEquals(
                FsError.EXISTS,
                assertThrows(FsException.class, () -> fs.createSnapshot("s1", ""))
                        .error());
        fs.close();
    }

    @Test
    void readsFallThroughFiftyLayers() {
        LayeredFilesystem fs = tree();
        write(fs, "base.txt", "base");
        fs.mkdir(fs.rootIno(), "d", 0755);
        for (int i = 0; i < 50; i++) {
            write(fs, "d/f" + i + ".txt", "layer " + i);
            if (i % 2 == 1) {
                fs.unlink(resolve(fs, "d"), "f" + (i - 1) + ".txt");
            }
            fs.createSnapshot("s" + i, "");
        }
        assertEquals(51, fs.currentLayer().id() - fs.layers().get(0).id() + 1);
        assertEquals("base", text(fs, "base.txt"));
        Map<String, String> listing = listing(fs);
        assertEquals(2 + 25, listing.size()); // base.txt, d, and the odd files
        assertEquals("layer 49", text(fs, "d/f49.txt"));
        try (FilesystemInterface view = store.openSnapshot(T, "s0")) {
            assertEquals("layer 0", text(view, "d/f0.txt"));
        }
        fs.close();
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void aScratchTreeIsInvisibleUntilPublished() {
        LayeredFilesystem fs = tree();
        populate(fs);
        fs.close();
        Map<String, String> before;
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            before = listing(reader);
        }
        LayeredFilesystem scratch = store.openScratch(T);
        assertEquals(LayerInfo.State.SCRATCH, scratch.currentLayer().state());
        mutate(scratch);
        Map<String, String> changed = listing(scratch);
        scratch.syncAll();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals(before, listing(reader));
        }
        assertEquals(
                FsError.NOT_SUPPORTED,
                assertThrows(FsException.class, () -> scratch.createSnapshot("x", ""))
                        .error());
        assertEquals(
                FsError.NOT_SUPPORTED,
                assertThrows(FsException.class, () -> scratch.dropSnapshot("x", true))
                        .error());
        assertEquals(
                FsError.NOT_SUPPORTED,
                assertThrows(FsException.class, () -> scratch.tag("x", "y")).error());
        scratch.publish();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals(changed, listing(reader));
            assertEquals(1, reader.layers().size());
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void aScratchTreeOverSnapshotsPublishesWhiteoutsThatStillHideLowerLayers() {
        LayeredFilesystem fs = tree();
        populate(fs);
        fs.createSnapshot("s1", "");
        fs.close();
        LayeredFilesystem scratch = store.openScratch(T);
        mutate(scratch);
        Map<String, String> changed = listing(scratch);
        scratch.publish();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals(changed, listing(reader));
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void closingAScratchTreeDiscardsItsChangesAndTheirChunks() {
        LayeredFilesystem fs = tree();
        populate(fs);
        fs.close();
        long usage = store.usage(T).usedBytes();
        Map<String, String> before;
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            before = listing(reader);
        }
        LayeredFilesystem scratch = store.openScratch(T);
        mutate(scratch);
        write(scratch, "huge.bin", random(1_000_000, 7));
        scratch.syncAll();
        assertTrue(store.usage(T).usedBytes() > usage);
        scratch.close();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals(before, listing(reader));
            assertEquals(1, reader.layers().size());
        }
        assertEquals(usage, store.usage(T).usedBytes());
    }

    /** Runs one statement on {@link #rawConnection()}. */
    private int execute(String statement, Object... parameters) throws SQLException {
        try (Connection c = rawConnection();
                PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            return st.executeUpdate();
        }
    }

    /** The scratch layers in the database: id to recorded owner. */
    private Map<Long, String> scratchLayers() throws SQLException {
        Map<Long, String> layers = new TreeMap<>();
        try (Connection c = rawConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT id, owner FROM layers WHERE scratch = 1")) {
            while (rs.next()) {
                layers.put(rs.getLong(1), rs.getString(2));
            }
        }
        return layers;
    }

    /** The pid of a process that has ended: what a run's recorded owner looks like to a gc that cannot see it. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    @Test
    void gcLeavesALiveRunsLayerAloneWhateverItsRecordedOwnerSays() throws Exception {
        LayeredFilesystem fs = tree();
        populate(fs);
        fs.close();
        LayeredFilesystem scratch = store.openScratch(T);
        mutate(scratch);
        scratch.mkdir(scratch.rootIno(), "run", 0755);
        for (int i = 0; i < 20; i++) {
            write(scratch, "run/f" + i, "file " + i);
        }
        Map<String, String> changed = listing(scratch);
        scratch.syncAll();
        long layer = scratch.currentLayerId();
        String owner = scratchLayers().get(layer);
        // The collision of two containers: this host's name, and a pid that is not running here.
        String lookalike = owner.substring(0, owner.lastIndexOf(':') + 1) + deadPid();
        assertEquals(1, execute("UPDATE layers SET owner = ? WHERE id = ?", lookalike, layer));
        assertEquals(0, store.collectGarbage(T).layers(), "the run is alive: its layer stays");
        assertEquals(1, execute("UPDATE layers SET owner = ? WHERE id = ?", "another-host:1", layer));
        assertEquals(0, store.collectGarbage(T).layers());
        scratch.publish();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals(changed, listing(reader), "every change of the run is published");
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void gcDeletesTheLayerOfARunThatIsOverWhicheverHostItRanOn() throws Exception {
        LayeredFilesystem fs = tree();
        populate(fs);
        long top = fs.currentLayerId();
        fs.close();
        // What a run killed on another host leaves: a scratch layer that nobody holds, with rows.
        // Layer ids are per tenant (tenants.next_layer hands them out), as LayerTable allocates them.
        assertEquals(
                1,
                execute(
                        "INSERT INTO layers (id, tenant_id, parent, scratch, owner, created_ns)"
                                + " SELECT t.next_layer, l.tenant_id, l.id, 1, 'another-host:4242', 0"
                                + " FROM layers l JOIN tenants t ON t.id = l.tenant_id WHERE l.id = ? AND t.name = ?",
                        top,
                        T));
        assertEquals(1, execute("UPDATE tenants SET next_layer = next_layer + 1 WHERE name = ?", T));
        long dead = scratchLayers().keySet().iterator().next();
        LayeredFilesystem live = store.openScratch(T);
        write(live, "live.txt", "from a live run");
        live.syncAll();
        assertEquals(1, store.collectGarbage(T).layers(), "the dead run's layer goes, the live one's stays");
        assertEquals(Set.of(live.currentLayerId()), scratchLayers().keySet());
        assertFalse(scratchLayers().containsKey(dead));
        live.publish();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals("from a live run", text(reader, "live.txt"));
        }
        assertTrue(scratchLayers().isEmpty());
    }

    @Test
    void aLiveRunOfOneTenantDoesNotKeepAnotherTenantsDeadLayerWithTheSameId() throws Exception {
        tree().close();
        store.createTenant("other");
        LayeredFilesystem live = store.openScratch("other");
        write(live, "live.txt", "from a live run of another tenant");
        live.syncAll();
        long id = live.currentLayerId();
        // A dead run of T whose layer has the same (per-tenant) id as the live run's.
        assertEquals(
                1,
                execute(
                        "INSERT INTO layers (id, tenant_id, parent, scratch, owner, created_ns)"
                                + " SELECT ?, t.id, t.top_layer, 1, 'another-host:4242', 0 FROM tenants t WHERE t.name = ?",
                        id,
                        T));
        execute("UPDATE tenants SET next_layer = ? WHERE name = ? AND next_layer <= ?", id + 1, T, id);
        assertEquals(1, store.collectGarbage(T).layers(), "the other tenant's run holds its own layer only");
        assertEquals(0, store.collectGarbage("other").layers(), "the live run's layer stays");
        live.publish();
        try (LayeredFilesystem reader = store.openFilesystem("other")) {
            assertEquals("from a live run of another tenant", text(reader, "live.txt"));
        }
    }

    @Test
    void publishingARunWhoseLayerWasDeletedAppliesNothing() throws Exception {
        LayeredFilesystem fs = tree();
        populate(fs);
        fs.close();
        Map<String, String> before;
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            before = listing(reader);
        }
        LayeredFilesystem scratch = store.openScratch(T);
        mutate(scratch);
        scratch.syncAll();
        long layer = scratch.currentLayerId();
        // As a gc that took the run for dead did: the layer and what the run had committed to it.
        for (String table : new String[] {"file_chunks", "inodes", "dirents"}) {
            execute("DELETE FROM " + table + " WHERE layer_id = ?", layer);
        }
        assertEquals(1, execute("DELETE FROM layers WHERE id = ?", layer));
        write(scratch, "late.txt", "written after the layer went");
        FsException e = assertThrows(FsException.class, scratch::publish);
        assertEquals(FsError.BUSY, e.error());
        assertTrue(e.getMessage().contains("private layer was deleted"), e.getMessage());
        scratch.close();
        try (LayeredFilesystem reader = store.openFilesystem(T)) {
            assertEquals(before, listing(reader), "nothing of the run was applied");
        }
        try (Connection c = rawConnection();
                PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM dirents WHERE layer_id = ?")) {
            st.setLong(1, layer);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "what the run wrote after the deletion is gone too");
            }
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void gcReclaimsChunksOnlyDroppedLayersHeld() {
        LayeredFilesystem fs = tree();
        write(fs, "keep.bin", random(200_000, 3));
        fs.createSnapshot("s1", "");
        write(fs, "gone.bin", random(500_000, 4));
        fs.createSnapshot("s2", "");
        fs.restore("s1", true);
        fs.dropSnapshot("s2", false);
        fs.close();
        long usage = store.usage(T).usedBytes();
        GcResult result = store.collectGarbage(T);
        assertTrue(result.chunks() >= 8, result.toString());
        assertEquals(500_000, result.bytes());
        assertEquals(usage - 500_000, store.usage(T).usedBytes());
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertArrayEquals(random(200_000, 3), read(again, "keep.bin"));
        }
        assertEquals(new GcResult(0, 0, 0), store.collectGarbage(T));
    }

    @Test
    void aSnapshotNeedsTheTenantToItself() {
        LayeredFilesystem fs = tree();
        write(fs, "a.txt", "a");
        fs.syncAll();
        LayeredFilesystem other = store.openFilesystem(T); // as another process would
        FsException e = assertThrows(FsException.class, () -> fs.createSnapshot("s1", ""));
        assertEquals(FsError.BUSY, e.error());
        assertEquals(
                FsError.BUSY,
                assertThrows(FsException.class, () -> fs.restore("s1", false)).error());
        other.close();
        fs.createSnapshot("s1", "");
        try (FilesystemInterface view = store.openSnapshot(T, "s1")) {
            assertEquals("a", text(view, "a.txt"));
            assertEquals(
                    FsError.BUSY,
                    assertThrows(FsException.class, () -> fs.createSnapshot("s2", ""))
                            .error());
        }
        fs.createSnapshot("s2", "");
        fs.close();
    }

    @Test
    void droppedSnapshotsAreSquashedSoChainsGrowOnlyWithLiveSnapshots() {
        LayeredFilesystem fs = tree();
        fs.mkdir(fs.rootIno(), "d", 0755);
        List<Map<String, String>> states = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            write(fs, "d/f" + i + ".txt", "file " + i);
            write(fs, "common.txt", "version " + i);
            if (i % 3 == 2) {
                fs.unlink(resolve(fs, "d"), "f" + (i - 1) + ".txt"); // a whiteout over a lower layer
                fs.rename(resolve(fs, "d"), "f" + (i - 2) + ".txt", fs.rootIno(), "moved" + i + ".txt");
            }
            fs.createSnapshot("s" + i, "");
            states.add(listing(fs));
        }
        write(fs, "after.txt", "after the last snapshot");
        Map<String, String> current = listing(fs);
        assertEquals(11, fs.layers().size());
        for (int i = 0; i < 9; i++) {
            fs.dropSnapshot("s" + i, true);
            assertEquals(11 - (i + 1), fs.layers().size(), "each drop squashes one layer");
            assertEquals(current, listing(fs));
            for (int j = i + 1; j < 10; j++) {
                try (FilesystemInterface view = store.openSnapshot(T, "s" + j)) {
                    assertEquals(states.get(j), listing(view), "s" + j + " after dropping s" + i);
                }
            }
        }
        assertEquals(2, fs.layers().size());
        write(fs, "common.txt", "still writable");
        fs.close();
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertEquals("still writable", text(again, "common.txt"));
            assertEquals(current.keySet(), listing(again).keySet());
        }
    }

    @Test
    void gcSquashesWhatADropCouldNotWhileTheTenantWasBusy() {
        LayeredFilesystem fs = tree();
        write(fs, "a.txt", "a");
        fs.createSnapshot("s1", "");
        write(fs, "b.txt", "b");
        fs.createSnapshot("s2", "");
        LayeredFilesystem other = store.openFilesystem(T);
        fs.dropSnapshot("s1", true); // the name goes; squashing waits: another tree is open
        assertEquals(3, fs.layers().size());
        fs.close();
        assertEquals(0, store.collectGarbage(T).layers(), "a tree is still open");
        other.close();
        assertEquals(1, store.collectGarbage(T).layers());
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertEquals(2, again.layers().size());
            assertEquals("a", text(again, "a.txt"));
            assertEquals("b", text(again, "b.txt"));
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void publishingFreesTheChunksTheRunReplacedOrDeleted() {
        LayeredFilesystem fs = tree();
        fs.mkdir(fs.rootIno(), "d", 0755);
        write(fs, "d/deleted.bin", random(200_000, 11));
        write(fs, "d/overwritten.bin", random(200_000, 12));
        write(fs, "d/replaced.bin", random(100_000, 13));
        write(fs, "d/kept.bin", random(100_000, 14));
        fs.close();
        LayeredFilesystem scratch = store.openScratch(T);
        long d = resolve(scratch, "d");
        scratch.unlink(d, "deleted.bin");
        write(scratch, "d/overwritten.bin", random(70_000, 15));
        write(scratch, "d/temporary.bin", random(300_000, 16));
        scratch.unlink(d, "temporary.bin");
        write(scratch, "d/new.bin", random(10_000, 17));
        scratch.rename(d, "new.bin", d, "replaced.bin");
        scratch.publish();
        assertEquals(70_000 + 10_000 + 100_000, store.usage(T).usedBytes(), "stored = what the tree holds");
        assertEquals(0, store.collectGarbage(T).chunks(), "nothing left for gc");
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertArrayEquals(random(70_000, 15), read(again, "d/overwritten.bin"));
            assertArrayEquals(random(10_000, 17), read(again, "d/replaced.bin"));
            assertArrayEquals(random(100_000, 14), read(again, "d/kept.bin"));
            assertEquals(
                    Set.of("d", "d/overwritten.bin", "d/replaced.bin", "d/kept.bin"),
                    listing(again).keySet());
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void publishingIsRefusedWhenAnotherProcessRemovedADirectoryTheRunWroteIn() {
        LayeredFilesystem fs = tree();
        fs.mkdir(fs.rootIno(), "sub", 0755);
        write(fs, "sub/old.txt", "old");
        fs.close();
        LayeredFilesystem scratch = store.openScratch(T);
        write(scratch, "sub/new.txt", "written by the run");
        write(scratch, "top.txt", "also by the run");
        scratch.syncAll();
        try (LayeredFilesystem other = store.openFilesystem(T)) { // another process, meanwhile
            other.unlink(resolve(other, "sub"), "old.txt");
            other.rmdir(other.rootIno(), "sub");
        }
        FsException e = assertThrows(FsException.class, scratch::publish);
        assertEquals(FsError.BUSY, e.error());
        assertTrue(e.getMessage().contains("new.txt"), e.getMessage());
        scratch.close(); // discards the run
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertEquals(Map.of(), listing(again), "nothing of the run was applied");
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void publishingIsRefusedWhenAnotherProcessFilledADirectoryTheRunRemoved() {
        LayeredFilesystem fs = tree();
        fs.mkdir(fs.rootIno(), "sub", 0755);
        write(fs, "sub/old.txt", "old");
        fs.close();
        LayeredFilesystem scratch = store.openScratch(T);
        scratch.unlink(resolve(scratch, "sub"), "old.txt");
        scratch.rmdir(scratch.rootIno(), "sub");
        scratch.syncAll();
        try (LayeredFilesystem other = store.openFilesystem(T)) {
            write(other, "sub/other.txt", "put by another process");
        }
        FsException e = assertThrows(FsException.class, scratch::publish);
        assertEquals(FsError.BUSY, e.error());
        assertTrue(e.getMessage().contains("other.txt"), e.getMessage());
        scratch.close();
        try (LayeredFilesystem again = store.openFilesystem(T)) {
            assertEquals("put by another process", text(again, "sub/other.txt"));
            assertEquals("old", text(again, "sub/old.txt"));
        }
        assertTrue(store.fsck(T).consistent(), () -> store.fsck(T).problems().toString());
    }

    @Test
    void tagsAndDropsNeedNotHaveTheTenantToThemselves() {
        LayeredFilesystem fs = tree();
        write(fs, "a.txt", "a");
        fs.createSnapshot("s1", "");
        try (LayeredFilesystem other = store.openFilesystem(T)) {
            fs.tag("s1", "t1");
            fs.dropSnapshot("t1", false);
            assertEquals(
                    List.of("s1"),
                    other.snapshots().stream().map(Snapshot::name).toList());
        }
        fs.close();
    }
}
