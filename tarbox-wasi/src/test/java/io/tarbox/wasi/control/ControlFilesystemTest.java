package io.tarbox.wasi.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.audit.AuditEvent;
import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.fs.SetAttributes;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayerInfo.State;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.model.TenantUsage;
import io.tarbox.core.path.PathResolver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control filesystem over a model of layers (FakePlane): its layout, the documents, the
 * commands and the snapshot views. ControlFilesRunTest runs it under a guest on real stores.
 */
class ControlFilesystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_123_456_789L;

    @TempDir
    Path views;

    private FakePlane plane;
    private ControlFilesystem control;

    @BeforeEach
    void setUp() throws Exception {
        plane = new FakePlane(views);
        plane.layers.add(new LayerInfo(1, 0, State.FROZEN, T0, List.of("base")));
        plane.layers.add(new LayerInfo(2, 1, State.FROZEN, T0 + 1, List.of("cp1", "tag1")));
        plane.layers.add(new LayerInfo(3, 2, State.CURRENT, T0 + 2, List.of()));
        plane.layers.add(new LayerInfo(4, 1, State.FROZEN, T0 + 3, List.of("side")));
        plane.snapshots.add(new Snapshot("base", 1, "", T0, false));
        plane.snapshots.add(new Snapshot("cp1", 2, "m", T0 + 1, false));
        plane.snapshots.add(new Snapshot("tag1", 2, "", T0 + 1, true));
        plane.snapshots.add(new Snapshot("side", 4, "", T0 + 3, false));
        Files.createDirectories(views.resolve("cp1/dir/sub"));
        Files.writeString(views.resolve("cp1/dir/file.txt"), "old content");
        Files.createDirectories(views.resolve("base"));
        Files.writeString(views.resolve("base/file.txt"), "base content");
        control = new ControlFilesystem(plane);
    }

    @AfterEach
    void tearDown() {
        control.close();
        plane.closeHosts();
    }

    private FileAttributes at(String path) {
        return new PathResolver(control, control.rootIno(), PathResolver.Confinement.CONFINED)
                .resolve(path, true)
                .existing();
    }

    /** As a guest opens and reads a file: refresh, look the path up, read to the end. */
    private String read(String path) {
        control.refresh();
        return readIno(at(path).ino());
    }

    private String readIno(long ino) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7]; // small reads: offsets matter
        int n;
        while ((n = control.read(ino, out.size(), buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write(String path, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        control.write(at(path).ino(), 0, bytes, 0, bytes.length);
    }

    private List<String> names(String dir) {
        List<String> out = new ArrayList<>();
        long cookie = 0;
        List<DirEntry> batch;
        while (!(batch = control.readdir(at(dir).ino(), cookie, 1)).isEmpty()) {
            out.add(batch.get(0).name());
            cookie = batch.get(0).cookie();
        }
        return out;
    }

    private static void assertError(FsError expected, Executable call) {
        assertEquals(expected, assertThrows(FsException.class, call).error());
    }

    @Test
    void layout() {
        assertEquals(List.of("layers", "snapshots", "audit", "stats"), names("."));
        assertEquals(List.of("current", "list", "tree", "new", "switch", "drop"), names("layers"));
        assertEquals(List.of("base", "cp1", "tag1", "side"), names("snapshots"));
        assertEquals(List.of("recent"), names("audit"));
        assertEquals(List.of("usage"), names("stats"));
        assertEquals(List.of(), control.readdir(control.rootIno(), 99, 10));
        assertEquals(List.of(), control.readdir(control.rootIno(), -5, 10), "a cookie never handed out");
        assertTrue(at(".").isDirectory());
        assertEquals(0555, at("layers").mode());
        assertEquals(0444, at("layers/current").mode());
        assertEquals(0222, at("layers/new").mode());
        assertEquals(2 + 4, at("snapshots").nlink());
        assertEquals(at(".").ino(), control.parent(at("layers").ino()));
        assertError(FsError.NOT_FOUND, () -> at("layers/nothing"));
        assertError(FsError.NOT_DIRECTORY, () -> at("layers/current/x"));
        assertError(FsError.NOT_PERMITTED, () -> at("../escape")); // confined, as every preopen
    }

    @Test
    void layerDocuments() throws Exception {
        JsonNode current = JSON.readTree(read("layers/current"));
        assertEquals(3, current.get("id").asLong());
        assertEquals(2, current.get("parent").asLong());
        assertEquals("current", current.get("state").asText());
        assertEquals("2023-11-14T22:13:20.123456791Z", current.get("created").asText());
        assertEquals(0, current.get("names").size());

        JsonNode list = JSON.readTree(read("layers/list"));
        assertEquals(4, list.size());
        assertEquals("[\"cp1\",\"tag1\"]", list.get(1).get("names").toString());
        assertEquals("frozen", list.get(1).get("state").asText());

        // 1 ─ 2 ─ 3 (current)
        //   └ 4
        JsonNode tree = JSON.readTree(read("layers/tree"));
        assertEquals(1, tree.size(), "one root branch");
        JsonNode root = tree.get(0);
        assertEquals("[1]", ids(root.get("layers")), "the base layer forks: its branch ends there");
        assertEquals(2, root.get("children").size());
        assertEquals("[2, 3]", ids(root.get("children").get(0).get("layers")), "a chain is flat");
        assertEquals(
                "current",
                root.get("children").get(0).get("layers").get(1).get("state").asText());
        assertEquals(0, root.get("children").get(0).get("children").size());
        assertEquals("[4]", ids(root.get("children").get(1).get("layers")));
        assertTrue(read("layers/tree").endsWith("]\n"));
    }

    private static String ids(JsonNode layers) {
        List<Long> out = new ArrayList<>();
        layers.forEach(l -> out.add(l.get("id").asLong()));
        return out.toString();
    }

    @Test
    void aLongChainOfLayersIsOneFlatBranch() throws Exception {
        plane.layers.clear();
        for (int i = 1; i <= 5000; i++) {
            plane.layers.add(new LayerInfo(i, i - 1, i == 5000 ? State.CURRENT : State.FROZEN, T0, List.of()));
        }
        plane.layers.add(new LayerInfo(5001, 2500, State.FROZEN, T0, List.of("fork")));
        JsonNode tree = JSON.readTree(read("layers/tree"));
        assertEquals(2500, tree.get(0).get("layers").size());
        JsonNode forks = tree.get(0).get("children");
        assertEquals(2500, forks.get(0).get("layers").size());
        assertEquals(
                "current", forks.get(0).get("layers").get(2499).get("state").asText());
        assertEquals("[5001]", ids(forks.get(1).get("layers")));
    }

    @Test
    void auditAndUsageDocuments() throws Exception {
        assertEquals("", read("audit/recent"));
        for (int i = 0; i < 150; i++) {
            plane.audit.add(new AuditEvent(T0 + i, 3, "run-1", "abc", "fd_write", "/data/\"" + i + "\"", i, 0));
        }
        String[] lines = read("audit/recent").split("\n", -1);
        assertEquals(ControlDocuments.RECENT_AUDIT_EVENTS + 1, lines.length, "one line each, newline-terminated");
        assertEquals("", lines[lines.length - 1]);
        JsonNode last = JSON.readTree(lines[lines.length - 2]);
        assertEquals("/data/\"149\"", last.get("path").asText());
        assertEquals(
                List.of("time", "layer", "run", "module", "op", "path", "resolved", "bytes", "errno"),
                iterable(last.fieldNames()));
        assertEquals(149, last.get("bytes").asLong());

        JsonNode usage = JSON.readTree(read("stats/usage"));
        assertEquals(0, usage.get("storedBytes").asLong());
        assertTrue(usage.get("quotaBytes").isNull());
        assertEquals(4, usage.get("layers").asLong());
        assertEquals(3, usage.get("snapshots").asLong());
        assertEquals(1, usage.get("tags").asLong());
        plane.usage = new TenantUsage(1234, OptionalLong.of(1 << 20));
        usage = JSON.readTree(read("stats/usage"));
        assertEquals(1234, usage.get("storedBytes").asLong());
        assertEquals(1 << 20, usage.get("quotaBytes").asLong());
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aDocumentStaysAsOpenedUntilItIsLookedUpAgain() {
        control.refresh();
        FileAttributes opened = at("layers/current");
        String first = readIno(opened.ino());
        assertEquals(first.length(), opened.size(), "stat's size is the content's");
        plane.layers.set(2, new LayerInfo(3, 2, State.CURRENT, T0 + 2, List.of("a-much-longer-name-than-before")));
        assertEquals(first, readIno(opened.ino()), "a descriptor keeps reading what it opened");
        assertEquals(first.length(), control.getattr(opened.ino()).size());
        control.refresh(); // another call opens something else: the open descriptor still reads its document
        at("layers/list");
        assertEquals(first, readIno(opened.ino()));
        String reopened = read("layers/current");
        assertTrue(reopened.contains("a-much-longer-name-than-before"), reopened);
        assertEquals(reopened.length(), control.getattr(opened.ino()).size());
    }

    @Test
    void commandsActOnTheTreeOnePerWrite() {
        write("layers/new", "  cp2 \n");
        write("layers/switch", "cp1\n");
        write("layers/drop", "side");
        assertEquals(List.of("new cp2 ''", "switch cp1 discard=true", "drop side force=true"), plane.commands);
        assertEquals(List.of("base", "cp1", "tag1", "cp2"), names("snapshots"));
    }

    @Test
    void commandErrorsAreTheWritesErrors() {
        for (String bad : List.of("", " \n", "a b", "-x", ".x", "a/b", "x".repeat(65), "two\nlines")) {
            assertError(FsError.INVALID, () -> write("layers/new", bad));
        }
        assertEquals(List.of(), plane.commands, "a bad name reaches no command");
        assertError(FsError.EXISTS, () -> write("layers/new", "cp1"));
        assertError(FsError.NOT_FOUND, () -> write("layers/switch", "nope"));
        assertError(FsError.NOT_FOUND, () -> write("layers/drop", "nope"));
    }

    @Test
    void onlyTheCommandFilesAreWritable() {
        long command = at("layers/new").ino();
        assertEquals(0, control.setattr(command, SetAttributes.size(0)).size(), "O_TRUNC, as `>` opens");
        assertEquals(
                command, control.create(at("layers").ino(), "new", 0644, false).ino(), "O_CREAT of it");
        assertError(FsError.EXISTS, () -> control.create(at("layers").ino(), "new", 0644, true));
        assertError(FsError.READ_ONLY, () -> control.create(at("layers").ino(), "other", 0644, false));
        assertError(FsError.READ_ONLY, () -> control.setattr(command, SetAttributes.times(1L, 1L)));
        assertError(
                FsError.READ_ONLY, () -> control.setattr(at("layers/current").ino(), SetAttributes.size(0)));
        assertError(FsError.READ_ONLY, () -> write("layers/current", "x"));
        assertError(FsError.IS_DIRECTORY, () -> write("layers", "x"));
        assertError(FsError.ACCESS_DENIED, () -> read("layers/new"));
        assertError(FsError.READ_ONLY, () -> control.mkdir(control.rootIno(), "mine", 0755));
        assertError(FsError.READ_ONLY, () -> control.unlink(at("layers").ino(), "current"));
        assertError(FsError.READ_ONLY, () -> control.rename(at("layers").ino(), "current", control.rootIno(), "c"));
        assertError(FsError.READ_ONLY, () -> control.symlink(control.rootIno(), "l", "layers"));
        assertError(FsError.READ_ONLY, () -> control.rmdir(control.rootIno(), "audit"));
    }

    @Test
    void snapshotViewsShowTheSnapshotsReadOnlyWithTheirOwnInodes() {
        assertEquals("old content", read("snapshots/cp1/dir/file.txt"));
        assertEquals("base content", read("snapshots/base/file.txt"));
        assertEquals(
                List.of("file.txt", "sub"),
                names("snapshots/cp1/dir").stream().sorted().toList());
        FileAttributes file = at("snapshots/cp1/dir/file.txt");
        FileAttributes baseFile = at("snapshots/base/file.txt");
        assertTrue(file.ino() > ControlNode.LAST_INO);
        assertNotEquals(file.ino(), baseFile.ino(), "two views, two inode spaces, distinct numbers");
        assertEquals(file.ino(), at("snapshots/cp1/dir/sub/../file.txt").ino(), "stable, and .. walks up");
        assertEquals(at("snapshots").ino(), control.parent(at("snapshots/cp1").ino()));
        assertEquals(
                at("snapshots/cp1").ino(),
                control.parent(at("snapshots/cp1/dir").ino()));
        assertEquals(
                at("snapshots/cp1").ino(),
                control.getattr(at("snapshots/cp1").ino()).ino());
        for (DirEntry e : control.readdir(at("snapshots/cp1/dir").ino(), 0, 10)) {
            assertEquals(at("snapshots/cp1/dir/" + e.name()).ino(), e.ino());
        }
        assertError(FsError.NOT_FOUND, () -> at("snapshots/nope"));
        assertError(FsError.NOT_FOUND, () -> at("snapshots/cp1/nope"));

        assertError(FsError.READ_ONLY, () -> control.write(file.ino(), 0, new byte[1], 0, 1));
        assertError(FsError.READ_ONLY, () -> control.setattr(file.ino(), SetAttributes.size(0)));
        assertError(
                FsError.READ_ONLY, () -> control.create(at("snapshots/cp1/dir").ino(), "new", 0644, false));
        assertError(FsError.READ_ONLY, () -> control.mkdir(at("snapshots/cp1").ino(), "d", 0755));
        assertError(
                FsError.READ_ONLY, () -> control.unlink(at("snapshots/cp1/dir").ino(), "file.txt"));
        assertError(FsError.READ_ONLY, () -> control.mkdir(at("snapshots").ino(), "mine", 0755));
        assertEquals("old content", read("snapshots/cp1/dir/file.txt"));
    }

    @Test
    void viewsCloseBeforeEachCommandAndReopenForTheDescriptorsIntoThem() {
        long file = at("snapshots/cp1/dir/file.txt").ino();
        assertEquals(1, plane.opened.size());
        write("layers/new", "cp2"); // an open view would hold the tenant: the command would be BUSY
        assertError(
                FsError.IO,
                () -> plane.opened.get(0).getattr(plane.opened.get(0).rootIno())); // closed
        assertEquals("old content", readIno(file), "the same inode, through the view opened again");
        assertEquals(2, plane.opened.size());
        assertEquals(file, at("snapshots/cp1/dir/file.txt").ino());
    }

    @Test
    void syncAllAtTheEndOfARunClosesTheViews() {
        long file = at("snapshots/cp1/dir/file.txt").ino();
        control.syncAll();
        assertError(
                FsError.IO,
                () -> plane.opened.get(0).getattr(plane.opened.get(0).rootIno())); // closed
        assertEquals("old content", readIno(file));
    }

    @Test
    void aDroppedSnapshotIsGoneAndViewsCloseWithTheControlFilesystem() {
        assertEquals("base content", read("snapshots/base/file.txt"));
        long file = at("snapshots/cp1/dir/file.txt").ino();
        long dir = at("snapshots/cp1").ino();
        write("layers/drop", "cp1");
        assertError(FsError.NOT_FOUND, () -> at("snapshots/cp1"));
        assertError(FsError.NOT_FOUND, () -> control.getattr(dir));
        assertError(FsError.NOT_FOUND, () -> readIno(file));
        assertFalse(names("snapshots").contains("cp1"));
        assertEquals("base content", read("snapshots/base/file.txt"));

        control.close();
        assertEquals(3, plane.opened.size(), "base, cp1, base again after the command");
        for (var view : plane.opened) {
            assertError(FsError.IO, () -> view.getattr(view.rootIno())); // closed
        }
    }

    @Test
    void snapshotCookiesSurviveChanges() {
        List<DirEntry> first = control.readdir(at("snapshots").ino(), 0, 2);
        assertEquals(List.of("base", "cp1"), first.stream().map(DirEntry::name).toList());
        plane.snapshots.remove(0); // base dropped elsewhere
        plane.snapshots.add(new Snapshot("later", 5, "", T0 + 9, false));
        List<DirEntry> rest =
                control.readdir(at("snapshots").ino(), first.get(1).cookie(), 10);
        assertEquals(
                List.of("tag1", "side", "later"),
                rest.stream().map(DirEntry::name).toList());
    }
}
