package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * cadaver, an interactive WebDAV client (Basic auth from ~/.netrc, over loopback): a session of
 * mkcol, put, ls, get, move, propset/propget, lock and unlock, typed on its standard input.
 */
abstract class CadaverTest extends ServerTestBase {
    @Test
    void anInteractiveSession() throws Exception {
        String cadaver = Clients.require("cadaver");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path netrc = home.resolve(".netrc");
        Files.writeString(netrc, "machine 127.0.0.1\nlogin alice\npassword " + aliceWrite + "\n");
        Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("cad.txt"), "typed by cadaver\n");
        Path script = dir.resolve("session.txt");
        Files.writeString(
                script,
                "mkcol cdir\ncd cdir\nput cad.txt\nls\nget cad.txt back.txt\nmove cad.txt moved.txt\nls\n"
                        + "propset moved.txt color blue\npropget moved.txt color\nlock moved.txt\nunlock moved.txt\nquit\n");
        Clients.Result r = Clients.run(
                List.of("bash", "-c", "cd " + work + " && " + cadaver + " " + base + "/dav/alice/ < " + script),
                Map.of("HOME", home.toString()),
                120);
        String out = r.out() + r.err();
        assertEquals(0, r.exit(), out);
        assertTrue(out.contains("Creating `cdir': succeeded."), out);
        assertTrue(
                out.contains("Uploading cad.txt to `/dav/alice/cdir/cad.txt':")
                        && out.contains("Moving `/dav/alice/cdir/cad.txt'"),
                out);
        assertTrue(out.contains("Value of color is: blue"), out);
        assertTrue(
                out.contains("Locking `moved.txt': succeeded.") && out.contains("Unlocking `moved.txt': succeeded."),
                out);
        assertEquals("typed by cadaver\n", Files.readString(work.resolve("back.txt")));
        assertEquals(
                "typed by cadaver\n",
                new Curl()
                        .run("-H", bearer(aliceRead), base + "/dav/alice/cdir/moved.txt")
                        .body());
    }
}
