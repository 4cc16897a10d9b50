package io.tarbox.core.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tarbox.core.path.Names;
import io.tarbox.core.path.PathResolver;
import io.tarbox.core.path.PathResolver.Confinement;
import io.tarbox.core.path.PathResolver.Resolved;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The filesystem contract as a test suite: every implementation of {@link FilesystemInterface}
 * runs it through a subclass, for example
 *
 * <pre>{@code
 * class SqliteContractTest extends FilesystemContractTest {
 *     @TempDir Path dir;
 *     protected FilesystemInterface open() { return SqlStore.openSqlite(dir.resolve("t.db")).openFilesystem("default"); }
 * }
 * }</pre>
 *
 * <p>Hooks: {@link #open()} (required) returns a filesystem over this test's storage, the same
 * storage every time it is called within one test (JUnit makes a new instance, and so new
 * {@code @TempDir}s, per test); {@link #release()} frees what {@code open} set up after the test;
 * {@link #largeFileBytes()} and {@link #manyFilesCount()} size the heavy tests. Persistence tests
 * close the filesystem and call {@code open()} again.
 *
 * <p>The last section tests {@link PathResolver} (CONFINED and ROOTED) over the backend, since
 * path resolution is only as right as the lookups, symlinks and parents under it.
 *
 * <p>{@link #keepsUnlinkedInodes()} says whether an inode stays usable through its number after its
 * last name is removed (the database backends do; a host passthrough may not): when false, the test
 * of that is reported as skipped, not passed.
 */
public abstract class FilesystemContractTest {

    /** The filesystem under test; tests that reopen it replace it. */
    protected FilesystemInterface fs;

    protected long root;

    /** Opens the filesystem over this test's storage (created empty on the first call). */
    protected abstract FilesystemInterface open() throws Exception;

    /** Releases whatever {@link #open()} set up; called after the filesystem is closed. */
    protected void release() throws Exception {}

    /** Size of the file streamed in and out by {@link #largeFileStreamsInAndOutInChunks()}. */
    protected long largeFileBytes() {
        return 64L << 20;
    }

    /** Number of files created in one directory by {@link #manyFilesInOneDirectory()}. */
    protected int manyFilesCount() {
        return 100_000;
    }

    /** Whether an inode stays readable and writable by number after its last name is removed. */
    protected boolean keepsUnlinkedInodes() {
        return true;
    }

    /**
     * A second instance over this test's storage, as another process would open it (closed by the
     * test), or null when the backend cannot give one: the tests of two instances are then reported
     * as skipped.
     */
    protected FilesystemInterface openAnother() throws Exception {
        return null;
    }

    @BeforeEach
    final void openFilesystem() throws Exception {
        fs = open();
        root = fs.rootIno();
    }

    @AfterEach
    final void closeFilesystem() throws Exception {
        try {
            if (fs != null) {
                fs.close();
            }
        } finally {
            release();
        }
    }

    /** Closes the filesystem and opens it again over the same storage. */
    protected final void reopen() throws Exception {
        fs.close();
        fs = null;
        fs = open();
        root = fs.rootIno();
    }

    // ---------------------------------------------------------------- helpers

    protected static void assertFsError(FsError expected, Executable call) {
        FsException e = assertThrows(FsException.class, call);
        assertEquals(expected, e.error(), () -> "error for: " + e.getMessage());
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] pattern(long seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected FileAttributes file(long dir, String name, byte[] content) {
        FileAttributes a = fs.create(dir, name, 0644, true);
        fs.write(a.ino(), 0, content, 0, content.length);
        return a;
    }

    protected byte[] readAll(long ino) {
        long size = fs.getattr(ino).size();
        byte[] out = new byte[Math.toIntExact(size)];
        int done = 0;
        while (done < out.length) {
            int n = fs.read(ino, done, out, done, out.length - done);
            assertTrue(n > 0, "read returned " + n + " before the end");
            done += n;
        }
        return out;
    }

    protected List<DirEntry> listAll(long dir) {
        List<DirEntry> all = new ArrayList<>();
        long cookie = 0;
        while (true) {
            List<DirEntry> page = fs.readdir(dir, cookie, 1000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            cookie = page.get(page.size() - 1).cookie();
        }
    }

    protected Set<String> names(long dir) {
        Set<String> names = new HashSet<>();
        for (DirEntry e : listAll(dir)) {
            assertTrue(names.add(e.name()), "listed twice: " + e.name());
        }
        return names;
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(25); // beyond the coarse clock granularity of host filesystems
    }

    // ---------------------------------------------------------------- root, getattr, lookup

    @Test
    void rootIsAnEmptyDirectoryThatIsItsOwnParent() {
        FileAttributes a = fs.getattr(root);
        assertEquals(FileType.DIRECTORY, a.type());
        assertEquals(root, a.ino());
        assertEquals(root, fs.parent(root));
        assertTrue(fs.readdir(root, 0, 100).isEmpty());
    }

    @Test
    void getattrOfUnknownInodeIsNotFound() {
        assertFsError(FsError.NOT_FOUND, () -> fs.getattr(987_654_321L));
    }

    @Test
    void lookupFindsWhatCreateMade() {
        FileAttributes created = fs.create(root, "a.txt", 0640, true);
        FileAttributes found = fs.lookup(root, "a.txt");
        assertEquals(created.ino(), found.ino());
        assertEquals(FileType.REGULAR, found.type());
        assertEquals(0640, found.mode() & 0777);
        assertEquals(1, found.nlink());
        assertEquals(0, found.size());
        assertEquals(found, fs.getattr(found.ino()));
    }

    @Test
    void refreshKeepsThisInstancesOwnChangesCommittedOrNot() {
        FileAttributes d = fs.mkdir(root, "d", 0755);
        FileAttributes f = file(d.ino(), "f", bytes("synced"));
        fs.syncAll();
        fs.write(f.ino(), 6, bytes(" and buffered"), 0, 13);
        FileAttributes g = fs.create(root, "g", 0600, true);
        fs.rename(d.ino(), "f", root, "moved");
        fs.refresh();
        assertEquals("synced and buffered", new String(readAll(f.ino()), StandardCharsets.UTF_8));
        assertEquals(Set.of("d", "g", "moved"), names(root));
        assertEquals(Set.of(), names(d.ino()));
        assertEquals(g.ino(), fs.lookup(root, "g").ino());
        assertEquals(0600, fs.getattr(g.ino()).mode() & 0777);
        assertEquals(3, fs.getattr(root).nlink());
        assertFsError(FsError.NOT_FOUND, () -> fs.lookup(d.ino(), "f"));
    }

    @Test
    void lookupErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.NOT_FOUND, () -> fs.lookup(root, "missing"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.lookup(f.ino(), "x"));
        assertFsError(FsError.INVALID, () -> fs.lookup(root, ".."));
    }

    @Test
    void namesAreCaseSensitiveAndMayBeUnicode() {
        fs.create(root, "Name", 0644, true);
        fs.create(root, "name", 0644, true);
        fs.create(root, "naïve-日本", 0644, true);
        assertEquals(Set.of("Name", "name", "naïve-日本"), names(root));
        assertNotEquals(fs.lookup(root, "Name").ino(), fs.lookup(root, "name").ino());
    }

    // ---------------------------------------------------------------- names

    @Test
    void invalidNamesAreRefusedEverywhere() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        for (String bad : List.of("", ".", "..", "a/b", "/", "a\0b")) {
            assertFsError(FsError.INVALID, () -> fs.create(root, bad, 0644, true));
            assertFsError(FsError.INVALID, () -> fs.mkdir(root, bad, 0755));
            assertFsError(FsError.INVALID, () -> fs.symlink(root, bad, "f"));
            assertFsError(FsError.INVALID, () -> fs.link(f.ino(), root, bad));
            assertFsError(FsError.INVALID, () -> fs.lookup(root, bad));
            assertFsError(FsError.INVALID, () -> fs.unlink(root, bad));
            assertFsError(FsError.INVALID, () -> fs.rmdir(root, bad));
            assertFsError(FsError.INVALID, () -> fs.rename(root, "f", root, bad));
            assertFsError(FsError.INVALID, () -> fs.rename(root, bad, root, "g"));
        }
        assertEquals(Set.of("f"), names(root));
    }

    @Test
    void namesLongerThan255BytesAreTooLong() {
        String max = "x".repeat(FilesystemInterface.NAME_MAX);
        fs.create(root, max, 0644, true);
        assertEquals(FileType.REGULAR, fs.lookup(root, max).type());
        String tooLong = max + "x";
        assertFsError(FsError.NAME_TOO_LONG, () -> fs.create(root, tooLong, 0644, true));
        assertFsError(FsError.NAME_TOO_LONG, () -> fs.mkdir(root, tooLong, 0755));
        assertFsError(FsError.NAME_TOO_LONG, () -> fs.rename(root, max, root, tooLong));
        // bytes of UTF-8 count, not characters: 128 x 'é' is 256 bytes
        assertFsError(FsError.NAME_TOO_LONG, () -> fs.create(root, "é".repeat(128), 0644, true));
    }

    // ---------------------------------------------------------------- create, mkdir

    @Test
    void createOfExistingNameReturnsItUnchangedUnlessExclusive() {
        FileAttributes a = file(root, "f", bytes("hello"));
        FileAttributes again = fs.create(root, "f", 0600, false);
        assertEquals(a.ino(), again.ino());
        assertEquals(5, again.size());
        assertFsError(FsError.EXISTS, () -> fs.create(root, "f", 0644, true));
        FileAttributes d = fs.mkdir(root, "d", 0755);
        assertEquals(d.ino(), fs.create(root, "d", 0644, false).ino());
    }

    @Test
    void createAndMkdirNeedAnExistingDirectory() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.create(f.ino(), "x", 0644, true));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.mkdir(f.ino(), "x", 0755));
        assertFsError(FsError.NOT_FOUND, () -> fs.create(987_654_321L, "x", 0644, true));
        assertFsError(FsError.NOT_FOUND, () -> fs.mkdir(987_654_321L, "x", 0755));
    }

    @Test
    void mkdirCountsLinks() {
        long before = fs.getattr(root).nlink();
        FileAttributes d = fs.mkdir(root, "d", 0750);
        assertEquals(FileType.DIRECTORY, d.type());
        assertEquals(2, d.nlink());
        assertEquals(0750, d.mode() & 0777);
        assertEquals(before + 1, fs.getattr(root).nlink());
        fs.mkdir(d.ino(), "sub", 0755);
        assertEquals(3, fs.getattr(d.ino()).nlink());
        fs.create(d.ino(), "file", 0644, true);
        assertEquals(3, fs.getattr(d.ino()).nlink(), "files do not count");
        assertFsError(FsError.EXISTS, () -> fs.mkdir(root, "d", 0755));
        fs.create(root, "f", 0644, true);
        assertFsError(FsError.EXISTS, () -> fs.mkdir(root, "f", 0755));
    }

    @Test
    void parentOfDirectories() {
        FileAttributes a = fs.mkdir(root, "a", 0755);
        FileAttributes b = fs.mkdir(a.ino(), "b", 0755);
        assertEquals(a.ino(), fs.parent(b.ino()));
        assertEquals(root, fs.parent(a.ino()));
        FileAttributes f = fs.create(a.ino(), "f", 0644, true);
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.parent(f.ino()));
        assertFsError(FsError.NOT_FOUND, () -> fs.parent(987_654_321L));
        fs.rename(a.ino(), "b", root, "b2");
        assertEquals(root, fs.parent(b.ino()));
    }

    // ---------------------------------------------------------------- symlinks

    @Test
    void symlinkHoldsItsTargetVerbatim() {
        FileAttributes l = fs.symlink(root, "l", "../does/not/exist");
        assertEquals(FileType.SYMLINK, l.type());
        assertEquals("../does/not/exist".length(), l.size());
        assertEquals("../does/not/exist", fs.readlink(l.ino()));
        assertEquals(FileType.SYMLINK, fs.lookup(root, "l").type(), "lookup does not follow");
        FileAttributes abs = fs.symlink(root, "abs", "/etc/passwd");
        assertEquals("/etc/passwd", fs.readlink(abs.ino()));
    }

    @Test
    void symlinkErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.INVALID, () -> fs.symlink(root, "l", ""));
        assertFsError(FsError.NAME_TOO_LONG, () -> fs.symlink(root, "l", "x".repeat(4097)));
        fs.symlink(root, "ok", "x".repeat(4000)); // Linux allows up to 4095 bytes
        assertFsError(FsError.EXISTS, () -> fs.symlink(root, "f", "target"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.symlink(f.ino(), "l", "target"));
        assertFsError(FsError.INVALID, () -> fs.readlink(f.ino()));
        assertFsError(FsError.INVALID, () -> fs.readlink(root));
        assertFsError(FsError.NOT_FOUND, () -> fs.readlink(987_654_321L));
    }

    @Test
    void symlinksAreNotReadOrWrittenAsFiles() {
        FileAttributes l = fs.symlink(root, "l", "target");
        assertFsError(FsError.INVALID, () -> fs.read(l.ino(), 0, new byte[10], 0, 10));
        assertFsError(FsError.INVALID, () -> fs.write(l.ino(), 0, new byte[1], 0, 1));
        assertFsError(FsError.INVALID, () -> fs.truncate(l.ino(), 0));
    }

    // ---------------------------------------------------------------- hard links

    @Test
    void hardLinksShareOneInode() {
        FileAttributes a = file(root, "a", bytes("shared"));
        FileAttributes d = fs.mkdir(root, "d", 0755);
        FileAttributes linked = fs.link(a.ino(), d.ino(), "b");
        assertEquals(a.ino(), linked.ino());
        assertEquals(2, linked.nlink());
        assertEquals(2, fs.getattr(a.ino()).nlink());
        assertEquals(a.ino(), fs.lookup(d.ino(), "b").ino());
        fs.write(a.ino(), 0, bytes("SH"), 0, 2);
        assertArrayEquals(bytes("SHared"), readAll(fs.lookup(d.ino(), "b").ino()));
        fs.unlink(root, "a");
        assertEquals(1, fs.getattr(a.ino()).nlink());
        assertArrayEquals(bytes("SHared"), readAll(fs.lookup(d.ino(), "b").ino()), "data kept by the other name");
        assertFsError(FsError.NOT_FOUND, () -> fs.lookup(root, "a"));
    }

    @Test
    void linkErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        FileAttributes d = fs.mkdir(root, "d", 0755);
        assertFsError(FsError.NOT_PERMITTED, () -> fs.link(d.ino(), root, "d2"));
        assertFsError(FsError.EXISTS, () -> fs.link(f.ino(), root, "d"));
        assertFsError(FsError.NOT_FOUND, () -> fs.link(987_654_321L, root, "x"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.link(f.ino(), f.ino(), "x"));
        FileAttributes l = fs.symlink(root, "l", "f");
        assertEquals(l.ino(), fs.link(l.ino(), root, "l2").ino(), "a symlink itself can be linked");
    }

    // ---------------------------------------------------------------- unlink, rmdir

    @Test
    void unlinkRemovesTheName() {
        file(root, "f", bytes("x"));
        fs.unlink(root, "f");
        assertFsError(FsError.NOT_FOUND, () -> fs.lookup(root, "f"));
        assertTrue(names(root).isEmpty());
        fs.symlink(root, "l", "anything");
        fs.unlink(root, "l");
        assertTrue(names(root).isEmpty());
    }

    @Test
    void unlinkErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        fs.mkdir(root, "d", 0755);
        assertFsError(FsError.NOT_FOUND, () -> fs.unlink(root, "missing"));
        assertFsError(FsError.IS_DIRECTORY, () -> fs.unlink(root, "d"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.unlink(f.ino(), "x"));
    }

    @Test
    void anUnlinkedFileStaysUsableThroughItsInode() {
        Assumptions.assumeTrue(keepsUnlinkedInodes(), "this backend frees an inode with its last name");
        FileAttributes f = file(root, "f", bytes("still here"));
        fs.unlink(root, "f");
        assertEquals(0, fs.getattr(f.ino()).nlink());
        assertArrayEquals(bytes("still here"), readAll(f.ino()));
        fs.write(f.ino(), 10, bytes("!"), 0, 1);
        assertArrayEquals(bytes("still here!"), readAll(f.ino()));
        fs.syncAll();
        assertArrayEquals(bytes("still here!"), readAll(f.ino()));
    }

    @Test
    void rmdirRemovesAnEmptyDirectory() {
        long nlink = fs.getattr(root).nlink();
        FileAttributes d = fs.mkdir(root, "d", 0755);
        fs.rmdir(root, "d");
        assertFsError(FsError.NOT_FOUND, () -> fs.lookup(root, "d"));
        assertEquals(nlink, fs.getattr(root).nlink());
        assertFsError(FsError.NOT_FOUND, () -> fs.readdir(d.ino(), 0, 10));
    }

    @Test
    void rmdirErrors() {
        FileAttributes d = fs.mkdir(root, "d", 0755);
        fs.create(d.ino(), "f", 0644, true);
        fs.create(root, "file", 0644, true);
        assertFsError(FsError.NOT_EMPTY, () -> fs.rmdir(root, "d"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.rmdir(root, "file"));
        assertFsError(FsError.NOT_FOUND, () -> fs.rmdir(root, "missing"));
        fs.unlink(d.ino(), "f");
        fs.rmdir(root, "d");
    }

    // ---------------------------------------------------------------- rename

    @Test
    void renameMovesAnEntry() {
        FileAttributes f = file(root, "a", bytes("data"));
        FileAttributes d = fs.mkdir(root, "d", 0755);
        fs.rename(root, "a", d.ino(), "b");
        assertFsError(FsError.NOT_FOUND, () -> fs.lookup(root, "a"));
        assertEquals(f.ino(), fs.lookup(d.ino(), "b").ino());
        assertArrayEquals(bytes("data"), readAll(f.ino()));
        assertEquals(Set.of("d"), names(root));
        assertEquals(Set.of("b"), names(d.ino()));
    }

    @Test
    void renameReplacesAFile() {
        FileAttributes a = file(root, "a", bytes("new"));
        FileAttributes b = file(root, "b", bytes("old"));
        fs.rename(root, "a", root, "b");
        assertEquals(a.ino(), fs.lookup(root, "b").ino());
        assertArrayEquals(bytes("new"), readAll(a.ino()));
        assertEquals(Set.of("b"), names(root));
        if (keepsUnlinkedInodes()) {
            assertEquals(0, fs.getattr(b.ino()).nlink(), "the replaced inode lost its only name");
        }
    }

    @Test
    void renameOverAHardLinkKeepsTheOtherName() {
        file(root, "a", bytes("a"));
        FileAttributes b = file(root, "b", bytes("b"));
        fs.link(b.ino(), root, "b2");
        fs.rename(root, "a", root, "b");
        assertEquals(1, fs.getattr(b.ino()).nlink());
        assertArrayEquals(bytes("b"), readAll(fs.lookup(root, "b2").ino()));
    }

    @Test
    void renameOntoItselfDoesNothing() {
        FileAttributes f = file(root, "f", bytes("x"));
        fs.rename(root, "f", root, "f");
        assertEquals(f.ino(), fs.lookup(root, "f").ino());
        fs.link(f.ino(), root, "g");
        fs.rename(root, "f", root, "g");
        assertEquals(Set.of("f", "g"), names(root), "two names of one inode: POSIX does nothing");
        assertEquals(2, fs.getattr(f.ino()).nlink());
        FileAttributes d = fs.mkdir(root, "d", 0755);
        fs.rename(root, "d", root, "d");
        assertEquals(d.ino(), fs.lookup(root, "d").ino());
    }

    @Test
    void renameDirectoryOntoEmptyDirectoryReplacesIt() {
        FileAttributes a = fs.mkdir(root, "a", 0755);
        fs.create(a.ino(), "inside", 0644, true);
        fs.mkdir(root, "b", 0755);
        long nlink = fs.getattr(root).nlink();
        fs.rename(root, "a", root, "b");
        assertEquals(a.ino(), fs.lookup(root, "b").ino());
        assertEquals(Set.of("b"), names(root));
        assertEquals(Set.of("inside"), names(a.ino()));
        assertEquals(nlink - 1, fs.getattr(root).nlink());
    }

    @Test
    void renameDirectoryErrors() {
        FileAttributes a = fs.mkdir(root, "a", 0755);
        FileAttributes b = fs.mkdir(root, "b", 0755);
        fs.create(b.ino(), "x", 0644, true);
        fs.create(root, "f", 0644, true);
        assertFsError(FsError.NOT_EMPTY, () -> fs.rename(root, "a", root, "b"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.rename(root, "a", root, "f"));
        assertFsError(FsError.IS_DIRECTORY, () -> fs.rename(root, "f", root, "a"));
        assertEquals(Set.of("a", "b", "f"), names(root), "a failed rename changes nothing");
    }

    @Test
    void renameDirectoryIntoItsOwnSubtreeIsInvalid() {
        FileAttributes a = fs.mkdir(root, "a", 0755);
        FileAttributes b = fs.mkdir(a.ino(), "b", 0755);
        FileAttributes c = fs.mkdir(b.ino(), "c", 0755);
        assertFsError(FsError.INVALID, () -> fs.rename(root, "a", a.ino(), "x"));
        assertFsError(FsError.INVALID, () -> fs.rename(root, "a", b.ino(), "x"));
        assertFsError(FsError.INVALID, () -> fs.rename(root, "a", c.ino(), "x"));
        assertFsError(FsError.INVALID, () -> fs.rename(a.ino(), "b", c.ino(), "x"));
        assertEquals(a.ino(), fs.parent(b.ino()));
        fs.rename(b.ino(), "c", root, "c");
        assertEquals(root, fs.parent(c.ino()));
    }

    @Test
    void renameDirectoryAcrossDirectoriesMovesLinkCounts() {
        FileAttributes a = fs.mkdir(root, "a", 0755);
        FileAttributes b = fs.mkdir(root, "b", 0755);
        FileAttributes sub = fs.mkdir(a.ino(), "sub", 0755);
        assertEquals(3, fs.getattr(a.ino()).nlink());
        fs.rename(a.ino(), "sub", b.ino(), "moved");
        assertEquals(2, fs.getattr(a.ino()).nlink());
        assertEquals(3, fs.getattr(b.ino()).nlink());
        assertEquals(b.ino(), fs.parent(sub.ino()));
        assertEquals(sub.ino(), fs.lookup(b.ino(), "moved").ino());
    }

    @Test
    void renameErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.NOT_FOUND, () -> fs.rename(root, "missing", root, "x"));
        assertFsError(FsError.NOT_FOUND, () -> fs.rename(root, "f", 987_654_321L, "x"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.rename(root, "f", f.ino(), "x"));
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.rename(f.ino(), "x", root, "y"));
    }

    // ---------------------------------------------------------------- readdir

    @Test
    void readdirListsEveryEntryOnceWithPositiveCookies() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            fs.create(root, "f" + i, 0644, true);
            expected.add("f" + i);
        }
        fs.mkdir(root, "dir", 0755);
        fs.symlink(root, "link", "f0");
        expected.add("dir");
        expected.add("link");
        List<DirEntry> all = new ArrayList<>();
        long cookie = 0;
        for (List<DirEntry> page; !(page = fs.readdir(root, cookie, 7)).isEmpty(); ) {
            assertTrue(page.size() <= 7);
            all.addAll(page);
            cookie = page.get(page.size() - 1).cookie();
        }
        Set<String> seen = new HashSet<>();
        for (DirEntry e : all) {
            assertTrue(seen.add(e.name()), "twice: " + e.name());
            assertTrue(e.cookie() > 0);
            FileAttributes a = fs.lookup(root, e.name());
            assertEquals(a.ino(), e.ino());
            assertEquals(a.type(), e.type());
        }
        assertEquals(expected, seen);
        assertEquals(all, listAll(root), "the same order every time");
    }

    @Test
    void readdirCookiesSurviveChangesBetweenPages() {
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fs.create(root, "n" + i, 0644, true);
            initial.add("n" + i);
        }
        Random random = new Random(42);
        Set<String> removed = new HashSet<>();
        List<String> seen = new ArrayList<>();
        long cookie = 0;
        int round = 0;
        while (true) {
            List<DirEntry> page = fs.readdir(root, cookie, 40);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(e -> seen.add(e.name()));
            cookie = page.get(page.size() - 1).cookie();
            if (round++ >= 6) {
                continue; // stop changing, or the reader would chase new entries forever
            }
            if (round == 1) {
                String holder = page.get(page.size() - 1).name(); // the entry the cookie came from
                if (removed.add(holder)) {
                    fs.unlink(root, holder);
                }
            }
            // between pages: remove some seen and unseen entries, add new ones
            for (int k = 0; k < 5; k++) {
                String victim = initial.get(random.nextInt(initial.size()));
                if (removed.add(victim)) {
                    fs.unlink(root, victim);
                }
            }
            for (int k = 0; k < 5; k++) {
                fs.create(root, "new" + round + "_" + k, 0644, true);
            }
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no entry returned twice");
        for (String name : initial) {
            if (!removed.contains(name)) {
                assertTrue(seen.contains(name), "survivor skipped: " + name);
            }
        }
    }

    @Test
    void readdirErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.readdir(f.ino(), 0, 10));
        assertFsError(FsError.NOT_FOUND, () -> fs.readdir(987_654_321L, 0, 10));
    }

    /** Every entry of {@code dir} by readdirPlus, in pages of {@code max}, each page checked against readdir's. */
    private List<DirEntryPlus> listAllPlus(long dir, int max) {
        List<DirEntryPlus> all = new ArrayList<>();
        long cookie = 0;
        while (true) {
            List<DirEntryPlus> page = fs.readdirPlus(dir, cookie, max);
            assertEquals(
                    fs.readdir(dir, cookie, max),
                    page.stream().map(DirEntryPlus::entry).toList(),
                    "the entries readdir lists, nothing gone meanwhile");
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            cookie = page.get(page.size() - 1).entry().cookie();
        }
    }

    /** {@code fs} with FilesystemInterface's own readdirPlus (a getattr per entry) instead of its override. */
    private static FilesystemInterface withDefaultReaddirPlus(FilesystemInterface fs) {
        return (FilesystemInterface) Proxy.newProxyInstance(
                FilesystemInterface.class.getClassLoader(),
                new Class<?>[] {FilesystemInterface.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readdirPlus")) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(fs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void readdirPlusListsWhatReaddirListsWithTheAttributesOfGetattr() throws Exception {
        for (int i = 0; i < 20; i++) {
            file(root, "f" + i, bytes("x".repeat(i))); // not synced: sizes must count buffered writes
        }
        FileAttributes d = fs.mkdir(root, "dir", 0755);
        fs.mkdir(d.ino(), "sub", 0700);
        fs.symlink(root, "link", "f0");
        fs.link(fs.lookup(root, "f1").ino(), root, "f1-again");
        fs.setattr(fs.lookup(root, "f2").ino(), SetAttributes.mode(0600));
        fs.unlink(root, "f3");
        List<DirEntryPlus> all = listAllPlus(root, 7);
        assertEquals(listAll(root), all.stream().map(DirEntryPlus::entry).toList());
        FilesystemInterface perEntry = withDefaultReaddirPlus(fs);
        assertEquals(fs.readdirPlus(root, 0, 1000), perEntry.readdirPlus(root, 0, 1000), "as the default method");
        assertEquals(fs.readdirPlus(root, 0, 5), perEntry.readdirPlus(root, 0, 5));
        assertEquals(22, all.size());
        for (DirEntryPlus e : all) {
            assertEquals(fs.getattr(e.entry().ino()), e.attributes(), e.entry().name());
            assertEquals(e.entry().type(), e.attributes().type());
        }
        assertEquals(
                List.of("sub"),
                listAllPlus(d.ino(), 1).stream().map(e -> e.entry().name()).toList());

        fs.syncAll();
        fs.write(fs.lookup(root, "f5").ino(), 5, bytes("later"), 0, 5);
        for (DirEntryPlus e : listAllPlus(root, 1000)) {
            assertEquals(
                    fs.getattr(e.entry().ino()),
                    e.attributes(),
                    "after a sync: " + e.entry().name());
        }
        assertEquals(
                10,
                fs.readdirPlus(root, 0, 1000).stream()
                        .filter(e -> e.entry().name().equals("f5"))
                        .findFirst()
                        .orElseThrow()
                        .attributes()
                        .size());

        reopen(); // nothing cached
        List<DirEntryPlus> reopened = listAllPlus(root, 1000);
        assertEquals(22, reopened.size());
        for (DirEntryPlus e : reopened) {
            assertEquals(
                    fs.getattr(e.entry().ino()),
                    e.attributes(),
                    "reopened: " + e.entry().name());
        }
    }

    @Test
    void readdirPlusErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.NOT_DIRECTORY, () -> fs.readdirPlus(f.ino(), 0, 10));
        assertFsError(FsError.NOT_FOUND, () -> fs.readdirPlus(987_654_321L, 0, 10));
        FileAttributes d = fs.mkdir(root, "d", 0755);
        fs.rmdir(root, "d");
        assertFsError(FsError.NOT_FOUND, () -> fs.readdirPlus(d.ino(), 0, 10));
    }

    @Test
    void readdirPlusSeesWhatAnotherInstanceCommitted() throws Exception {
        FileAttributes f = file(root, "shared", bytes("one"));
        fs.syncAll();
        assertEquals(3, fs.readdirPlus(root, 0, 10).get(0).attributes().size()); // now in any cache
        FilesystemInterface other = openAnother();
        Assumptions.assumeTrue(other != null, "this backend gives no second instance");
        try {
            long ino = other.lookup(other.rootIno(), "shared").ino();
            other.write(ino, 0, bytes("longer"), 0, 6);
            other.create(other.rootIno(), "theirs", 0644, true);
            other.syncAll();
        } finally {
            other.close();
        }
        fs.refresh();
        List<DirEntryPlus> all = fs.readdirPlus(root, 0, 10);
        assertEquals(
                List.of("shared", "theirs"),
                all.stream().map(e -> e.entry().name()).sorted().toList());
        for (DirEntryPlus e : all) {
            assertEquals(fs.getattr(e.entry().ino()), e.attributes());
        }
        assertEquals(6, fs.getattr(f.ino()).size());
    }

    // ---------------------------------------------------------------- read, write

    @Test
    void writeThenReadBack() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        byte[] data = bytes("hello, world");
        fs.write(f.ino(), 0, data, 0, data.length);
        assertEquals(data.length, fs.getattr(f.ino()).size());
        byte[] out = new byte[100];
        assertEquals(data.length, fs.read(f.ino(), 0, out, 0, 100));
        assertArrayEquals(data, Arrays.copyOf(out, data.length));
        assertEquals(5, fs.read(f.ino(), 7, out, 10, 5));
        assertEquals("world", new String(out, 10, 5, StandardCharsets.UTF_8));
        assertEquals(0, fs.read(f.ino(), data.length, out, 0, 10), "at the end");
        assertEquals(0, fs.read(f.ino(), 1000, out, 0, 10), "past the end");
    }

    @Test
    void writeHonoursTheSourceOffset() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        byte[] data = bytes("xxABCyy");
        fs.write(f.ino(), 0, data, 2, 3);
        assertArrayEquals(bytes("ABC"), readAll(f.ino()));
    }

    @Test
    void writePastTheEndLeavesAGapOfZeros() {
        FileAttributes f = file(root, "f", bytes("abc"));
        fs.write(f.ino(), 200_000, bytes("z"), 0, 1);
        assertGap(readAll(f.ino()));
        fs.syncAll();
        assertGap(readAll(f.ino()));
    }

    private static void assertGap(byte[] all) {
        assertEquals(200_001, all.length);
        assertArrayEquals(bytes("abc"), Arrays.copyOf(all, 3));
        for (int i = 3; i < 200_000; i++) {
            if (all[i] != 0) {
                fail("byte " + i + " of the gap is " + all[i]);
            }
        }
        assertEquals('z', all[200_000]);
    }

    @Test
    void overwritesAcrossChunkBoundariesKeepTheRest() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        byte[] expected = pattern(1, 700_000);
        fs.write(f.ino(), 0, expected, 0, expected.length);
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            int at = random.nextInt(expected.length - 1);
            int len = 1 + random.nextInt(Math.min(150_000, expected.length - at));
            byte[] patch = pattern(100 + i, len);
            fs.write(f.ino(), at, patch, 0, len);
            System.arraycopy(patch, 0, expected, at, len);
            if (i % 10 == 0) {
                fs.syncAll();
            }
        }
        assertArrayEquals(expected, readAll(f.ino()));
        fs.syncAll();
        assertArrayEquals(expected, readAll(f.ino()));
    }

    @Test
    void readAndWriteErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        byte[] buf = new byte[10];
        assertFsError(FsError.IS_DIRECTORY, () -> fs.read(root, 0, buf, 0, 10));
        assertFsError(FsError.IS_DIRECTORY, () -> fs.write(root, 0, buf, 0, 10));
        assertFsError(FsError.INVALID, () -> fs.read(f.ino(), -1, buf, 0, 10));
        assertFsError(FsError.INVALID, () -> fs.write(f.ino(), -1, buf, 0, 10));
        assertFsError(FsError.NOT_FOUND, () -> fs.read(987_654_321L, 0, buf, 0, 10));
        assertFsError(FsError.NOT_FOUND, () -> fs.write(987_654_321L, 0, buf, 0, 10));
        assertFsError(FsError.FILE_TOO_LARGE, () -> fs.write(f.ino(), Long.MAX_VALUE - 5, buf, 0, 10));
        assertEquals(0, fs.getattr(f.ino()).size());
    }

    // ---------------------------------------------------------------- append

    @Test
    void appendLandsAtTheEndAndReturnsTheNewSize() throws Exception {
        FileAttributes f = file(root, "log", bytes("one\n"));
        assertEquals(8, fs.append(f.ino(), bytes("xxtwo\nyy"), 2, 4));
        assertEquals(8, fs.getattr(f.ino()).size());
        assertEquals(14, fs.append(f.ino(), bytes("three\n"), 0, 6));
        assertEquals("one\ntwo\nthree\n", new String(readAll(f.ino()), StandardCharsets.UTF_8));
        byte[] out = new byte[5];
        assertEquals(5, fs.read(f.ino(), 6, out, 0, 5), "a read across the stored end and the appends");
        assertEquals("o\nthr", new String(out, StandardCharsets.UTF_8));
        assertEquals(14, fs.append(f.ino(), new byte[0], 0, 0), "an empty append changes nothing");
        fs.syncAll();
        reopen();
        assertEquals(
                "one\ntwo\nthree\n", new String(readAll(fs.lookup(root, "log").ino()), StandardCharsets.UTF_8));
    }

    @Test
    void appendsAndPositionalWritesTakeEffectInCallOrder() throws Exception {
        FileAttributes f = fs.create(root, "f", 0644, true);
        fs.write(f.ino(), 0, bytes("abc"), 0, 3);
        assertEquals(6, fs.append(f.ino(), bytes("def"), 0, 3));
        fs.write(f.ino(), 1, bytes("X"), 0, 1);
        assertEquals(7, fs.append(f.ino(), bytes("g"), 0, 1));
        assertEquals("aXcdefg", new String(readAll(f.ino()), StandardCharsets.UTF_8));
        fs.truncate(f.ino(), 2);
        assertEquals(3, fs.append(f.ino(), bytes("Z"), 0, 1));
        fs.write(f.ino(), 5, bytes("!"), 0, 1);
        assertArrayEquals(new byte[] {'a', 'X', 'Z', 0, 0, '!'}, readAll(f.ino()));
        fs.syncAll();
        reopen();
        assertArrayEquals(
                new byte[] {'a', 'X', 'Z', 0, 0, '!'},
                readAll(fs.lookup(root, "f").ino()));
    }

    @Test
    void appendsAcrossChunkBoundariesAndCommits() throws Exception {
        FileAttributes f = fs.create(root, "f", 0644, true);
        byte[] expected = pattern(3, 400_000);
        Random random = new Random(11);
        for (int at = 0, i = 0; at < expected.length; i++) {
            int len = Math.min(expected.length - at, 1 + random.nextInt(30_000));
            assertEquals(at + len, fs.append(f.ino(), expected, at, len));
            at += len;
            if (i % 7 == 0) {
                fs.syncAll();
            }
        }
        assertArrayEquals(expected, readAll(f.ino()));
        fs.sync(f.ino());
        reopen();
        assertArrayEquals(expected, readAll(fs.lookup(root, "f").ino()));
    }

    @Test
    void appendErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        FileAttributes link = fs.symlink(root, "link", "f");
        byte[] buf = bytes("data");
        assertFsError(FsError.IS_DIRECTORY, () -> fs.append(root, buf, 0, 4));
        assertFsError(FsError.INVALID, () -> fs.append(link.ino(), buf, 0, 4));
        assertFsError(FsError.NOT_FOUND, () -> fs.append(987_654_321L, buf, 0, 4));
        assertEquals(0, fs.getattr(f.ino()).size());
    }

    @Test
    void appendsOfTwoInstancesAllLandWhole() throws Exception {
        // The file exists before the second instance opens (on a layered tree: below a snapshot, so
        // both instances' first append copies it up).
        FileAttributes f = file(root, "log", bytes("first\n"));
        fs.syncAll();
        FilesystemInterface other = openAnother();
        Assumptions.assumeTrue(other != null, "this backend gives no second instance");
        try {
            long ino = other.lookup(other.rootIno(), "log").ino();
            List<String> mine = new ArrayList<>();
            List<String> theirs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String a = "a" + i + "\n";
                String b = "b" + i + "-longer\n";
                fs.append(f.ino(), bytes(a), 0, a.length());
                other.append(ino, bytes(b), 0, b.length());
                mine.add(a);
                theirs.add(b);
                if (i % 4 == 1) {
                    other.syncAll(); // commits land in a different order than the calls
                }
                if (i % 5 == 2) {
                    fs.syncAll();
                }
            }
            fs.syncAll();
            other.syncAll();
            fs.refresh();
            String all = new String(readAll(f.ino()), StandardCharsets.UTF_8);
            assertTrue(all.startsWith("first\n"), all);
            assertEquals(-1, all.indexOf('\0'), "no hole: " + all);
            List<String> lines = new ArrayList<>();
            for (String line : all.substring(6).split("(?<=\n)")) {
                lines.add(line);
            }
            assertEquals(60, lines.size(), all);
            assertEquals(mine, lines.stream().filter(l -> l.startsWith("a")).toList(), "each writer's lines in order");
            assertEquals(theirs, lines.stream().filter(l -> l.startsWith("b")).toList());
        } finally {
            other.close();
        }
    }

    @Test
    void largeFileStreamsInAndOutInChunks() throws Exception {
        long total = largeFileBytes();
        int piece = 1 << 20;
        FileAttributes f = fs.create(root, "big", 0644, true);
        for (long off = 0, i = 0; off < total; off += piece, i++) {
            byte[] data = pattern(i, (int) Math.min(piece, total - off));
            fs.write(f.ino(), off, data, 0, data.length);
        }
        assertEquals(total, fs.getattr(f.ino()).size());
        fs.sync(f.ino());
        reopen();
        assertEquals(total, fs.lookup(root, "big").size());
        byte[] buf = new byte[piece];
        for (long off = 0, i = 0; off < total; off += piece, i++) {
            int n = fs.read(f.ino(), off, buf, 0, piece);
            byte[] expected = pattern(i, (int) Math.min(piece, total - off));
            assertEquals(expected.length, n);
            if (!Arrays.equals(expected, 0, n, buf, 0, n)) {
                fail("content differs in piece " + i);
            }
        }
    }

    // ---------------------------------------------------------------- truncate, setattr

    @Test
    void truncateDownThenUpReadsZerosNotOldData() {
        byte[] data = pattern(3, 300_000);
        FileAttributes f = file(root, "f", data);
        for (long size : new long[] {200_000, 70_000, 65_536, 1000, 10, 0}) {
            assertEquals(size, fs.truncate(f.ino(), size).size());
            assertArrayEquals(Arrays.copyOf(data, (int) size), readAll(f.ino()));
        }
        fs.truncate(f.ino(), 150_000);
        byte[] grown = readAll(f.ino());
        assertArrayEquals(new byte[150_000], grown, "a truncated region grows back as zeros");
    }

    @Test
    void truncateOfUnsyncedAndSyncedData() {
        FileAttributes f = file(root, "f", bytes("0123456789"));
        fs.truncate(f.ino(), 4);
        fs.write(f.ino(), 6, bytes("X"), 0, 1);
        assertArrayEquals(bytes("0123\0\0X"), readAll(f.ino()));
        fs.syncAll();
        fs.truncate(f.ino(), 2);
        fs.truncate(f.ino(), 5);
        assertArrayEquals(bytes("01\0\0\0"), readAll(f.ino()));
        fs.syncAll();
        assertArrayEquals(bytes("01\0\0\0"), readAll(f.ino()));
    }

    @Test
    void truncateErrors() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        assertFsError(FsError.IS_DIRECTORY, () -> fs.truncate(root, 0));
        assertFsError(FsError.INVALID, () -> fs.truncate(f.ino(), -1));
        assertFsError(FsError.FILE_TOO_LARGE, () -> fs.truncate(f.ino(), Long.MAX_VALUE));
        assertFsError(FsError.NOT_FOUND, () -> fs.truncate(987_654_321L, 0));
    }

    @Test
    void setattrChangesModeAndTimesExactly() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        FileAttributes a = fs.setattr(f.ino(), SetAttributes.mode(0600));
        assertEquals(0600, a.mode() & 0777);
        long atime = 1_234_567_890_123_456_789L;
        long mtime = 1_000_000_000_987_654_321L;
        a = fs.setattr(f.ino(), SetAttributes.times(atime, mtime));
        assertEquals(atime, a.atimeNs());
        assertEquals(mtime, a.mtimeNs());
        assertEquals(a, fs.getattr(f.ino()));
        a = fs.setattr(f.ino(), SetAttributes.times(null, 5_000_000_001L));
        assertEquals(atime, a.atimeNs(), "null leaves atime alone");
        assertEquals(5_000_000_001L, a.mtimeNs());
        assertEquals(0600, fs.setattr(f.ino(), SetAttributes.NONE).mode() & 0777);
        FileAttributes d = fs.mkdir(root, "d", 0755);
        assertEquals(0700, fs.setattr(d.ino(), SetAttributes.mode(0700)).mode() & 0777);
        assertFsError(FsError.NOT_FOUND, () -> fs.setattr(987_654_321L, SetAttributes.mode(0600)));
    }

    @Test
    void explicitTimesWinOverEarlierWrites() {
        FileAttributes f = fs.create(root, "f", 0644, true);
        fs.write(f.ino(), 0, bytes("data"), 0, 4);
        FileAttributes a = fs.setattr(f.ino(), SetAttributes.times(3_000_000_000L, 4_000_000_000L));
        assertEquals(4_000_000_000L, a.mtimeNs());
        assertEquals(a, fs.getattr(f.ino()));
        assertEquals(4, a.size());
        fs.syncAll();
        assertEquals(a.mtimeNs(), fs.getattr(f.ino()).mtimeNs());
        assertEquals(a.atimeNs(), fs.getattr(f.ino()).atimeNs());
    }

    @Test
    void timestampsMoveAsTheyShould() throws Exception {
        FileAttributes f = fs.create(root, "f", 0644, true);
        FileAttributes dir0 = fs.getattr(root);
        pause();
        fs.write(f.ino(), 0, bytes("x"), 0, 1);
        FileAttributes w = fs.getattr(f.ino());
        assertTrue(w.mtimeNs() > f.mtimeNs(), "write moves mtime");
        assertTrue(w.ctimeNs() > f.ctimeNs(), "write moves ctime");
        pause();
        fs.read(f.ino(), 0, new byte[1], 0, 1);
        assertEquals(w.mtimeNs(), fs.getattr(f.ino()).mtimeNs(), "read does not move mtime");
        FileAttributes c = fs.setattr(f.ino(), SetAttributes.mode(0600));
        assertEquals(w.mtimeNs(), c.mtimeNs(), "chmod does not move mtime");
        assertTrue(c.ctimeNs() > w.ctimeNs(), "chmod moves ctime");
        pause();
        fs.create(root, "g", 0644, true);
        FileAttributes dir1 = fs.getattr(root);
        assertTrue(dir1.mtimeNs() > dir0.mtimeNs(), "create moves the directory's mtime");
        pause();
        fs.rename(root, "g", root, "h");
        FileAttributes dir2 = fs.getattr(root);
        assertTrue(dir2.mtimeNs() > dir1.mtimeNs(), "rename moves the directory's mtime");
        pause();
        fs.unlink(root, "h");
        assertTrue(fs.getattr(root).mtimeNs() > dir2.mtimeNs(), "unlink moves the directory's mtime");
        pause();
        FileAttributes before = fs.getattr(f.ino());
        fs.link(f.ino(), root, "f2");
        assertTrue(fs.getattr(f.ino()).ctimeNs() > before.ctimeNs(), "link moves ctime");
        long now = System.currentTimeMillis() * 1_000_000L;
        long mtime = fs.getattr(f.ino()).mtimeNs();
        assertTrue(Math.abs(now - mtime) < 60_000_000_000L, "times are nanoseconds since the epoch: " + mtime);
    }

    // ---------------------------------------------------------------- durability, persistence

    @Test
    void everythingPersistsAcrossReopen() throws Exception {
        FileAttributes d = fs.mkdir(root, "dir", 0750);
        FileAttributes f = file(d.ino(), "file", bytes("persisted"));
        fs.link(f.ino(), root, "hard");
        fs.symlink(root, "sym", "dir/file");
        FileAttributes big = file(root, "big", pattern(9, 150_000));
        fs.setattr(f.ino(), SetAttributes.times(11L, 22L));
        FileAttributes expected = fs.getattr(f.ino());
        reopen();
        assertEquals(Set.of("dir", "hard", "sym", "big"), names(root));
        assertEquals(expected, fs.lookup(d.ino(), "file"));
        assertArrayEquals(bytes("persisted"), readAll(fs.lookup(root, "hard").ino()));
        assertEquals("dir/file", fs.readlink(fs.lookup(root, "sym").ino()));
        assertArrayEquals(pattern(9, 150_000), readAll(big.ino()));
        assertEquals(0750, fs.getattr(d.ino()).mode() & 0777);
    }

    @Test
    void syncOfUnknownInodeIsNotFound() {
        assertFsError(FsError.NOT_FOUND, () -> fs.sync(987_654_321L));
    }

    @Test
    void callsAfterCloseFail() {
        fs.close();
        assertThrows(FsException.class, () -> fs.getattr(root));
        fs.close(); // closing twice is harmless
    }

    // ---------------------------------------------------------------- scale

    @Test
    void manyFilesInOneDirectory() {
        int count = manyFilesCount();
        FileAttributes d = fs.mkdir(root, "many", 0755);
        long[] inos = new long[count];
        for (int i = 0; i < count; i++) {
            inos[i] = fs.create(d.ino(), "file-" + i, 0644, true).ino();
        }
        for (int i = 0; i < count; i++) {
            assertEquals(inos[i], fs.lookup(d.ino(), "file-" + i).ino());
        }
        Set<String> listed = names(d.ino());
        assertEquals(count, listed.size());
        assertTrue(listed.contains("file-0") && listed.contains("file-" + (count - 1)));
        assertEquals(count, new HashSet<>(Arrays.stream(inos).boxed().toList()).size(), "unique inodes");
    }

    // ---------------------------------------------------------------- PathResolver over this backend

    /** /sandbox/{a/{b/, file}, outside-link -> ../secret} and /secret. */
    private long sandbox() {
        FileAttributes box = fs.mkdir(root, "sandbox", 0755);
        FileAttributes a = fs.mkdir(box.ino(), "a", 0755);
        fs.mkdir(a.ino(), "b", 0755);
        file(a.ino(), "file", bytes("in a"));
        file(root, "secret", bytes("outside"));
        return box.ino();
    }

    private PathResolver confined(long at) {
        return new PathResolver(fs, at, Confinement.CONFINED);
    }

    @Test
    void pathRootedResolvesAbsoluteAndRelativePaths() {
        long box = sandbox();
        PathResolver rooted = PathResolver.rooted(fs);
        Resolved r = rooted.resolve("/sandbox/a/file", false);
        assertEquals("file", r.name());
        assertEquals(FileType.REGULAR, r.existing().type());
        assertEquals(
                r.existing().ino(),
                rooted.resolve("sandbox/./a/b/../file", false).existing().ino());
        assertEquals(root, rooted.resolve("/..", false).existing().ino(), "'..' at the root stays there");
        assertEquals(root, rooted.resolve("/../../", false).existing().ino());
        long a = fs.lookup(box, "a").ino();
        assertEquals(
                fs.lookup(root, "secret").ino(),
                rooted.resolve(a, "/secret", false).existing().ino(),
                "an absolute path starts at the root whatever the start");
        assertEquals(box, rooted.resolve(a, "..", false).existing().ino());
    }

    @Test
    void pathMissingLastComponentIsReportedNotThrown() {
        long box = sandbox();
        Resolved r = confined(box).resolve("a/new.txt", false);
        assertFalse(r.exists());
        assertEquals(fs.lookup(box, "a").ino(), r.dir());
        assertEquals("new.txt", r.name());
        assertFsError(FsError.NOT_FOUND, () -> confined(box).resolve("missing/new.txt", false));
        assertFsError(FsError.NOT_FOUND, () -> confined(box).resolve("", false));
    }

    @Test
    void pathThroughAFileIsNotADirectory() {
        long box = sandbox();
        assertFsError(FsError.NOT_DIRECTORY, () -> confined(box).resolve("a/file/x", false));
        assertFsError(FsError.NOT_DIRECTORY, () -> confined(box).resolve("a/file/", false));
        Resolved dir = confined(box).resolve("a/b/", false);
        assertTrue(dir.trailingSlash());
        assertEquals(FileType.DIRECTORY, dir.existing().type());
    }

    @Test
    void pathConfinedCannotLeaveItsRoot() {
        long box = sandbox();
        PathResolver c = confined(box);
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("..", false));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("../secret", false));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("a/../../secret", false));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("a/b/../../../sandbox/a", false));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("/secret", false));
        assertEquals(box, c.resolve("a/..", false).existing().ino(), "'..' within the root is fine");
        long a = fs.lookup(box, "a").ino();
        assertEquals(box, c.resolve(a, "..", false).existing().ino(), "from a start below the root");
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve(a, "../..", false));
    }

    @Test
    void pathConfinedSymlinksCannotLeaveEither() {
        long box = sandbox();
        PathResolver c = confined(box);
        fs.symlink(box, "up", "../secret");
        fs.symlink(box, "abs", "/secret");
        fs.symlink(fs.lookup(box, "a").ino(), "deep", "../../secret");
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("up", true));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("abs", true));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("a/deep", true));
        assertFsError(FsError.NOT_PERMITTED, () -> c.resolve("abs/x", false)); // followed mid-path too
        Resolved unfollowed = c.resolve("abs", false);
        assertEquals(FileType.SYMLINK, unfollowed.existing().type(), "the link itself is inside");
    }

    @Test
    void pathRootedFollowsAbsoluteSymlinkTargetsFromTheRoot() {
        sandbox();
        fs.symlink(root, "abs", "/sandbox/a");
        PathResolver rooted = PathResolver.rooted(fs);
        assertEquals(
                fs.lookup(root, "secret").ino(),
                rooted.resolve("/sandbox/a/b/../../../abs/../../secret", true)
                        .existing()
                        .ino());
        assertArrayEquals(
                bytes("in a"),
                readAll(rooted.resolve("abs/file", false).existing().ino()));
    }

    @Test
    void pathSymlinkToADirectoryIsFollowedMidPath() {
        long box = sandbox();
        fs.symlink(box, "link", "a");
        fs.symlink(box, "rel", "a/b/..");
        PathResolver c = confined(box);
        long file = fs.lookup(fs.lookup(box, "a").ino(), "file").ino();
        assertEquals(file, c.resolve("link/file", false).existing().ino());
        assertEquals(file, c.resolve("rel/file", false).existing().ino());
        assertEquals(FileType.SYMLINK, c.resolve("link", false).existing().type(), "final link not followed");
        assertEquals(FileType.DIRECTORY, c.resolve("link", true).existing().type(), "unless asked");
        assertEquals(FileType.DIRECTORY, c.resolve("link/", false).existing().type(), "or a slash follows");
        fs.symlink(box, "tofile", "a/file");
        assertFsError(FsError.NOT_DIRECTORY, () -> c.resolve("tofile/", false));
    }

    @Test
    void pathReportsTheWayActuallyWalked() {
        long box = sandbox();
        fs.symlink(box, "notes.txt", "a/file");
        fs.symlink(box, "link", "a");
        fs.symlink(fs.lookup(box, "a").ino(), "back", "../link/b");
        PathResolver c = confined(box);
        assertEquals("a/file", c.resolve("notes.txt", true).walked(), "a followed final link: its target");
        assertEquals("notes.txt", c.resolve("notes.txt", false).walked(), "an unfollowed one: the link itself");
        assertEquals("a/new.txt", c.resolve("link/new.txt", false).walked(), "a missing name under a link");
        assertEquals("a/b", c.resolve("a/back", true).walked(), "links within links, and '..'");
        assertEquals("a", c.resolve("./a/b/..", false).walked());
        assertEquals("", c.resolve(".", false).walked(), "the start itself");
        long a = fs.lookup(box, "a").ino();
        PathResolver rooted = PathResolver.rooted(fs);
        assertEquals(
                "/sandbox/a/file", rooted.resolve("/sandbox/notes.txt", true).walked());
        assertEquals("../notes.txt", rooted.resolve(a, "../notes.txt", false).walked(), "above the start");
        assertEquals("/secret", rooted.resolve(a, "/secret", false).walked(), "absolute: from the root");
    }

    @Test
    void pathSymlinkLoopsFailWithLoop() {
        long box = sandbox();
        fs.symlink(box, "self", "self");
        fs.symlink(box, "ping", "pong");
        fs.symlink(box, "pong", "ping");
        PathResolver c = confined(box);
        assertFsError(FsError.LOOP, () -> c.resolve("self", true));
        assertFsError(FsError.LOOP, () -> c.resolve("ping/x", false));
        assertEquals(FileType.SYMLINK, c.resolve("ping", false).existing().type());
        // a chain of exactly SYMLOOP_MAX links resolves; one more is a loop
        for (int i = 0; i < PathResolver.SYMLOOP_MAX; i++) {
            fs.symlink(box, "chain" + i, i == PathResolver.SYMLOOP_MAX - 1 ? "a" : "chain" + (i + 1));
        }
        assertEquals(FileType.DIRECTORY, c.resolve("chain0", true).existing().type());
        fs.symlink(box, "chainStart", "chain0");
        assertFsError(FsError.LOOP, () -> c.resolve("chainStart", true));
    }

    @Test
    void pathLengthAndNameLimits() {
        long box = sandbox();
        PathResolver c = confined(box);
        String longPath = "a/" + "./".repeat((Names.PATH_MAX - 2) / 2) + "file";
        assertTrue(longPath.length() > Names.PATH_MAX);
        assertFsError(FsError.NAME_TOO_LONG, () -> c.resolve(longPath, false));
        assertFsError(FsError.NAME_TOO_LONG, () -> c.resolve("a/" + "x".repeat(256), false));
        assertFsError(FsError.INVALID, () -> c.resolve("a/fi\0le", false));
        String fits = "a/" + "./".repeat(1000) + "file";
        assertEquals(FileType.REGULAR, c.resolve(fits, false).existing().type());
    }
}
