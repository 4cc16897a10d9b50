package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * rclone's webdav backend (vendor owncloud, so it sends X-OC-Mtime) against the server: copy, check,
 * sync (a second sync transfers nothing, a changed file is the only one sent), move, purge.
 */
abstract class RcloneTest extends ServerTestBase {
    private Clients.Result rclone(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Clients.require("rclone")));
        command.addAll(List.of(args));
        command.addAll(List.of("-v", "--config", dir.resolve("rclone.conf").toString()));
        Map<String, String> env = Map.of(
                "RCLONE_CONFIG_TBX_TYPE",
                "webdav",
                "RCLONE_CONFIG_TBX_URL",
                base + "/dav/alice",
                "RCLONE_CONFIG_TBX_VENDOR",
                "owncloud",
                "RCLONE_CONFIG_TBX_BEARER_TOKEN",
                aliceWrite);
        return Clients.run(command, env, 300);
    }

    private static int copied(Clients.Result r) {
        int n = 0;
        for (String line : (r.out() + r.err()).split("\n")) {
            if (line.contains(": Copied (")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void copyCheckSyncMovePurge() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("sub/deeper"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(src.resolve((i % 3 == 0 ? "sub/" : "") + "file " + i + ".txt"), "content " + i + "\n");
        }
        byte[] big = new byte[5 * 1024 * 1024 + 3];
        new Random(1).nextBytes(big);
        Files.write(src.resolve("sub/deeper/big.bin"), big);
        Files.writeString(src.resolve("ünïcødé ✓.txt"), "unicode\n");

        Clients.Result copy = rclone("copy", src.toString(), "tbx:data");
        assertEquals(0, copy.exit(), copy.err());
        assertEquals(32, copied(copy), copy.err());
        Clients.Result check = rclone("check", src.toString(), "tbx:data");
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.err().contains("0 differences found"), check.err());

        Clients.Result sync = rclone("sync", src.toString(), "tbx:data");
        assertEquals(0, sync.exit(), sync.err());
        assertEquals(0, copied(sync), "a second sync transfers nothing:\n" + sync.err());

        Files.writeString(src.resolve("file 1.txt"), "changed\n");
        Files.delete(src.resolve("file 2.txt"));
        Clients.Result changed = rclone("sync", src.toString(), "tbx:data");
        assertEquals(0, changed.exit(), changed.err());
        assertEquals(1, copied(changed), changed.err());
        assertTrue(changed.err().contains("file 2.txt: Deleted"), changed.err());
        assertEquals(0, rclone("check", src.toString(), "tbx:data").exit());

        Path moving = dir.resolve("moving");
        Files.createDirectories(moving);
        Files.writeString(moving.resolve("m.txt"), "moved\n");
        Clients.Result move = rclone("move", moving.toString(), "tbx:moved");
        assertEquals(0, move.exit(), move.err());
        assertFalse(Files.exists(moving.resolve("m.txt")));
        Clients.Result cat = rclone("cat", "tbx:moved/m.txt");
        assertEquals("moved\n", cat.out());

        Clients.Result purge = rclone("purge", "tbx:data");
        assertEquals(0, purge.exit(), purge.err());
        Clients.Result lsd = rclone("lsf", "tbx:");
        assertEquals("moved/\n", lsd.out(), lsd.err());
    }
}
