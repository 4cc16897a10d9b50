package io.tarbox.server.client;

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
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.ApiToken;
import io.tarbox.core.model.Tenant;
import io.tarbox.server.wire.FsWire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of remote trees: who may use a tree, what a read token may do, the bound on open
 * trees, and a remote client seeing a WebDAV change at its next refresh. Per backend below.
 */
abstract class RemoteTreesTest {
    @TempDir
    Path dir;

    RemoteFixture fixture;

    abstract boolean postgres();

    @BeforeEach
    void start() throws Exception {
        fixture = RemoteFixture.of(postgres(), dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A WebDAV PUT of {@code content} to {@code path} of the default tenant, by another client. */
    private CompletableFuture<HttpResponse<String>> webDavPut(String path, String content) {
        return HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(fixture.server.url() + "/dav/default/" + path))
                                .header("Authorization", "Bearer " + fixture.token)
                                .PUT(HttpRequest.BodyPublishers.ofString(content))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientSeesAWebDavChangeAtItsNextRefreshAndNotBefore() throws Exception {
        FilesystemInterface fs = fixture.connect().openFilesystem(Tenant.DEFAULT);
        FileAttributes f = fs.create(fs.rootIno(), "f.txt", 0644, true);
        fs.write(f.ino(), 0, bytes("old"), 0, 3);
        fs.syncAll();
        assertEquals(3, fs.lookup(fs.rootIno(), "f.txt").size());

        HttpResponse<String> put = webDavPut("f.txt", "a longer content").get(10, TimeUnit.SECONDS);
        assertEquals(204, put.statusCode(), put.body());

        assertEquals(3, fs.lookup(fs.rootIno(), "f.txt").size(), "between refreshes the cached state may be served");
        fs.refresh();
        FileAttributes now = fs.lookup(fs.rootIno(), "f.txt");
        assertEquals(16, now.size());
        byte[] read = new byte[64];
        int n = fs.read(now.ino(), 0, read, 0, read.length);
        assertEquals("a longer content", new String(read, 0, n, StandardCharsets.UTF_8));
        fs.close();
    }

    @Test
    void whileAClientHoldsTheTreeAWebDavChangeWaitsForItsNextCall() throws Exception {
        FilesystemInterface fs = fixture.connect().openFilesystem(Tenant.DEFAULT);
        FileAttributes f = fs.create(fs.rootIno(), "f.txt", 0644, true);
        fs.write(f.ino(), 0, bytes("old"), 0, 3);
        fs.syncAll(); // its answer grants the client the tree for FsWire.HOLD_MILLIS

        CompletableFuture<HttpResponse<String>> put = webDavPut("f.txt", "a longer content");
        Thread.sleep(FsWire.HOLD_MILLIS / 3);
        assertFalse(put.isDone(), "a change of another client while the tree is held");
        fs.refresh(); // needs no round trip while held: nobody else can have changed the tree
        assertEquals(3, fs.lookup(fs.rootIno(), "f.txt").size());

        fs.syncAll(); // the holder's next call gives the tree up to the request waiting for it
        HttpResponse<String> done = put.get(10, TimeUnit.SECONDS);
        assertEquals(204, done.statusCode(), done.body());
        fs.refresh();
        assertEquals(16, fs.lookup(fs.rootIno(), "f.txt").size(), "the change is seen at the next refresh");
        fs.close();
    }

    @Test
    void twoClientsWritingOneDirectoryAtOnceTakeTurnsAndLoseNothing() throws Exception {
        FilesystemInterface setup = fixture.connect().openFilesystem(Tenant.DEFAULT);
        long shared = setup.mkdir(setup.rootIno(), "shared", 0755).ino();
        setup.close();
        int each = 150;
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (String client : List.of("a", "b")) {
            clients.add(CompletableFuture.runAsync(() -> {
                FilesystemInterface fs = fixture.connect().openFilesystem(Tenant.DEFAULT);
                for (int i = 0; i < each; i++) {
                    fs.refresh(); // as path_open does
                    FileAttributes f = fs.create(shared, client + i, 0644, true);
                    fs.write(f.ino(), 0, bytes(client + i), 0, (client + i).length());
                    if (i % 2 == 0) {
                        fs.refresh();
                        fs.rename(shared, client + i, shared, client + i + ".moved");
                    }
                }
                fs.close();
            }));
        }
        for (CompletableFuture<Void> c : clients) {
            c.get(120, TimeUnit.SECONDS);
        }
        FilesystemInterface check = fixture.connect().openFilesystem(Tenant.DEFAULT);
        List<String> names = new ArrayList<>();
        long cookie = 0;
        List<DirEntry> page;
        while (!(page = check.readdir(shared, cookie, 100)).isEmpty()) {
            page.forEach(e -> names.add(e.name()));
            cookie = page.get(page.size() - 1).cookie();
        }
        names.removeIf(n -> n.startsWith("."));
        assertEquals(2 * each, names.size(), names.toString());
        for (String client : List.of("a", "b")) {
            for (int i = 0; i < each; i++) {
                String name = client + i + (i % 2 == 0 ? ".moved" : "");
                FileAttributes f = check.lookup(shared, name);
                byte[] read = new byte[16];
                int n = check.read(f.ino(), 0, read, 0, read.length);
                assertEquals(client + i, new String(read, 0, n, StandardCharsets.UTF_8));
            }
        }
        check.close();
    }

    @Test
    void callsHeldBackWhileTheTreeIsHeldReachTheServerInOrder() throws Exception {
        FilesystemInterface fs = fixture.connect().openFilesystem(Tenant.DEFAULT);
        FileAttributes d = fs.mkdir(fs.rootIno(), "d", 0755);
        FileAttributes a = fs.create(d.ino(), "a", 0644, true);
        fs.write(a.ino(), 0, bytes("aaa"), 0, 3);
        fs.create(d.ino(), "b", 0644, true);
        fs.create(d.ino(), "c", 0644, true);
        fs.rename(d.ino(), "a", d.ino(), "b"); // replaces b
        fs.unlink(d.ino(), "c");
        fs.rename(d.ino(), "b", d.ino(), "e");
        FileAttributes e = fs.lookup(d.ino(), "e");
        byte[] read = new byte[8];
        assertEquals(3, fs.read(e.ino(), 0, read, 0, read.length));
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> fs.lookup(d.ino(), "c")).error());
        fs.close();

        FilesystemInterface check = fixture.connect().openFilesystem(Tenant.DEFAULT);
        long dir = check.lookup(check.rootIno(), "d").ino();
        List<String> names = new ArrayList<>();
        check.readdir(dir, 0, 100).forEach(entry -> names.add(entry.name()));
        assertEquals(
                List.of("e"),
                names.stream().filter(n -> !n.startsWith(".")).sorted().toList());
        FileAttributes moved = check.lookup(dir, "e");
        assertEquals(1, moved.nlink());
        assertEquals(3, check.read(moved.ino(), 0, read, 0, read.length));
        assertArrayEquals(bytes("aaa"), Arrays.copyOf(read, 3));
        check.close();
    }

    @Test
    void aClientsOwnChangesDoNotCostItsCache() throws Exception {
        FilesystemInterface fs = fixture.connect().openFilesystem(Tenant.DEFAULT);
        FileAttributes d = fs.mkdir(fs.rootIno(), "d", 0755);
        fs.create(d.ino(), "a", 0644, true);
        fs.refresh();
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> fs.lookup(d.ino(), "b")).error());
        FileAttributes a = fs.lookup(d.ino(), "a");
        fs.write(a.ino(), 0, bytes("xyz"), 0, 3);
        assertEquals(3, fs.getattr(a.ino()).size());
        fs.close();
        FilesystemInterface again = fixture.connect().openFilesystem(Tenant.DEFAULT);
        byte[] read = new byte[3];
        assertEquals(
                3,
                again.read(
                        again.lookup(again.lookup(again.rootIno(), "d").ino(), "a")
                                .ino(),
                        0,
                        read,
                        0,
                        3));
        assertArrayEquals(bytes("xyz"), read);
        again.close();
    }

    @Test
    void aReadTokenChangesNothingButMayWorkInAScratchTreeItCannotPublish() throws Exception {
        String read = fixture.token(Tenant.DEFAULT, ApiToken.Scope.READ);
        RemoteStore reader = RemoteStore.open(fixture.server.url(), read);
        FilesystemInterface live = reader.openFilesystem(Tenant.DEFAULT);
        FsException denied = assertThrows(FsException.class, () -> live.mkdir(live.rootIno(), "x", 0755));
        assertEquals(FsError.ACCESS_DENIED, denied.error());
        live.close();

        LayeredFilesystem scratch = reader.openScratch(Tenant.DEFAULT);
        scratch.mkdir(scratch.rootIno(), "private", 0755);
        assertEquals(
                FsError.ACCESS_DENIED,
                assertThrows(FsException.class, scratch::publish).error());
        scratch.close();

        FilesystemInterface check = fixture.connect().openFilesystem(Tenant.DEFAULT);
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> check.lookup(check.rootIno(), "x"))
                        .error());
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> check.lookup(check.rootIno(), "private"))
                        .error());
        check.close();
    }

    @Test
    void aTreeIsReachableOnlyWithTheTokenThatOpenedItAndUntilItIsClosed() throws Exception {
        RemoteFilesystem mine = (RemoteFilesystem) fixture.connect().openFilesystem(Tenant.DEFAULT);
        String other = fixture.token(Tenant.DEFAULT, ApiToken.Scope.WRITE);
        ApiClient stranger = new ApiClient(URI.create(fixture.server.url()), other);
        FsException e = assertThrows(FsException.class, () -> stranger.calls(mine.id(), new byte[] {0}));
        assertEquals(FsError.NOT_FOUND, e.error(), e.getMessage());
        mine.close();
        ApiClient owner = new ApiClient(URI.create(fixture.server.url()), fixture.token);
        assertEquals(
                FsError.NOT_FOUND,
                assertThrows(FsException.class, () -> owner.calls(mine.id(), new byte[] {0}))
                        .error());
    }

    @Test
    void aTokenMayHoldABoundedNumberOfTreesOpen() {
        RemoteStore client = fixture.connect();
        List<FilesystemInterface> trees = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            trees.add(client.openFilesystem(Tenant.DEFAULT));
        }
        FsException refused = assertThrows(FsException.class, () -> client.openFilesystem(Tenant.DEFAULT));
        assertTrue(refused.getMessage().contains("32 trees open"), refused.getMessage());
        trees.remove(0).close();
        trees.add(client.openScratch(Tenant.DEFAULT));
        trees.forEach(FilesystemInterface::close);
    }
}
