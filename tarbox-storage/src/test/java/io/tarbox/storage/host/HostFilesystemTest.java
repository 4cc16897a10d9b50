package io.tarbox.storage.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.path.PathResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the host-directory backend has to get right: real inodes, real symlinks, no escapes. */
class HostFilesystemTest {
    @TempDir
    Path dir;

    private static FsError error(Runnable call) {
        return assertThrows(FsException.class, call::run).error();
    }

    @Test
    void inodeNumbersAreTheHostsAndSurviveRenamesOfParents() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/f"), "x");
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            PathResolver resolver = PathResolver.rooted(fs);
            long a = resolver.resolve("/a", false).existing().ino();
            long f = resolver.resolve("/a/b/f", false).existing().ino();
            assertEquals(Files.getAttribute(dir.resolve("a/b/f"), "unix:ino"), f);
            fs.rename(fs.rootIno(), "a", fs.rootIno(), "moved");
            assertEquals(a, fs.lookup(fs.rootIno(), "moved").ino());
            assertEquals(1, fs.getattr(f).size(), "inode found under its new path");
            byte[] buf = new byte[1];
            assertEquals(1, fs.read(f, 0, buf, 0, 1));
            assertEquals(a, fs.parent(fs.lookup(a, "b").ino()));
        }
    }

    @Test
    void symlinksAreRealAndNeverFollowedByTheHost() throws Exception {
        Files.createSymbolicLink(dir.resolve("etc"), Path.of("/etc"));
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            FileAttributes link = fs.lookup(fs.rootIno(), "etc");
            assertEquals(FileType.SYMLINK, link.type());
            assertEquals("/etc", fs.readlink(link.ino()));
            assertEquals(FsError.NOT_DIRECTORY, error(() -> fs.lookup(link.ino(), "passwd")));
            assertEquals(FsError.INVALID, error(() -> fs.read(link.ino(), 0, new byte[1], 0, 1)));
            PathResolver confined = new PathResolver(fs, fs.rootIno(), PathResolver.Confinement.CONFINED);
            assertEquals(FsError.NOT_PERMITTED, error(() -> confined.resolve("etc/passwd", true)));
            fs.symlink(fs.rootIno(), "rel", "target");
            assertEquals("target", Files.readSymbolicLink(dir.resolve("rel")).toString());
            // java.nio would drop the repeated and trailing slashes; the contract keeps targets verbatim.
            long odd = fs.symlink(fs.rootIno(), "odd", "a/../b//c/").ino();
            assertEquals("a/../b//c/", fs.readlink(odd));
            assertEquals(FsError.EXISTS, error(() -> fs.symlink(fs.rootIno(), "odd", "x//y")));
        }
    }

    @Test
    void anUnlinkedOpenFileStaysReadable() throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            long f = fs.create(fs.rootIno(), "f", 0644, true).ino();
            fs.write(f, 0, "data".getBytes(StandardCharsets.UTF_8), 0, 4);
            fs.unlink(fs.rootIno(), "f");
            assertTrue(Files.notExists(dir.resolve("f")));
            byte[] buf = new byte[4];
            assertEquals(4, fs.read(f, 0, buf, 0, 4));
            assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), buf);
            assertEquals(0, fs.getattr(f).nlink());
        }
    }

    @Test
    void hardLinksKeepTheInodeReachable() throws Exception {
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            long f = fs.create(fs.rootIno(), "f", 0644, true).ino();
            fs.link(f, fs.rootIno(), "g");
            assertEquals(2, fs.getattr(f).nlink());
            fs.unlink(fs.rootIno(), "f");
            assertEquals(1, fs.getattr(f).nlink(), "still found through g");
            assertEquals(FsError.NOT_PERMITTED, error(() -> fs.link(fs.rootIno(), fs.rootIno(), "root")));
        }
    }

    @Test
    void readdirCookiesAreStableWhileTheDirectoryChanges() throws Exception {
        for (String name : List.of("a", "b", "c", "d")) {
            Files.writeString(dir.resolve(name), name);
        }
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            List<DirEntry> first = fs.readdir(fs.rootIno(), 0, 2);
            assertEquals(2, first.size());
            List<String> firstNames = List.of(first.get(0).name(), first.get(1).name());
            List<String> remaining = new ArrayList<>(List.of("a", "b", "c", "d"));
            remaining.removeAll(firstNames);
            Files.delete(dir.resolve(firstNames.get(0)));
            Files.writeString(dir.resolve("e"), "e");
            List<String> rest = new ArrayList<>();
            for (DirEntry e : fs.readdir(fs.rootIno(), first.get(1).cookie(), 100)) {
                rest.add(e.name());
            }
            rest.remove("e");
            rest.sort(null);
            assertEquals(remaining, rest);
        }
    }

    @Test
    void readOnlyRefusesChangesAndErrorsMapToTheContract() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("d/f"), "x");
        try (HostFilesystem ro = new HostFilesystem(dir, true)) {
            assertTrue(ro.isReadOnly());
            assertEquals(FsError.READ_ONLY, error(() -> ro.mkdir(ro.rootIno(), "x", 0755)));
        }
        try (HostFilesystem fs = new HostFilesystem(dir, false)) {
            long d = fs.lookup(fs.rootIno(), "d").ino();
            assertEquals(FsError.NOT_EMPTY, error(() -> fs.rmdir(fs.rootIno(), "d")));
            assertEquals(FsError.EXISTS, error(() -> fs.mkdir(fs.rootIno(), "d", 0755)));
            assertEquals(FsError.NOT_FOUND, error(() -> fs.lookup(fs.rootIno(), "nope")));
            assertEquals(FsError.IS_DIRECTORY, error(() -> fs.unlink(fs.rootIno(), "d")));
            assertEquals(FsError.NOT_DIRECTORY, error(() -> fs.rmdir(d, "f")));
            assertEquals(FsError.INVALID, error(() -> fs.rename(fs.rootIno(), "d", d, "inner")));
            assertEquals(FsError.INVALID, error(() -> fs.lookup(fs.rootIno(), "..")));
        }
        assertEquals(FsError.NOT_FOUND, error(() -> new HostFilesystem(dir.resolve("missing"), false)));
    }
}
