package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.tarbox.storage.host.HostFilesystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A host process swapping a directory of a {@code --host-dir} preopen with a symlink to a
 * directory outside it, while a guest (src/test/c/host/race.c) repeats one path operation through
 * that name: the guest must never read, write or change anything outside. Checked from both
 * sides: the guest counts what it reached, and the outside directory (its entries, their sizes,
 * link counts, times, and the canary's content) must be exactly as before.
 */
class HostDirRaceTest {
    /** Per operation: enough for the old path-based host to escape, a fraction of a second now. */
    private static final int ITERATIONS = 600;

    private static final int RENAME_EXCHANGE = 2;
    private static final int AT_FDCWD = -100;

    /** renameat2(2), for an atomic swap of a directory and a symlink (the JDK has no exchange). */
    interface Renames extends Library {
        Renames C = Native.load("c", Renames.class);

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "read",
                "write",
                "stat",
                "readdir",
                "mkdir",
                "rename",
                "link",
                "symlink",
                "readlink",
                "unlink",
                "rmdir",
                "times",
                "truncate"
            })
    void aSwappedInSymlinkNeverTakesTheGuestOutsideItsPreopen(String operation) throws Exception {
        Path preopen = Files.createDirectories(dir.resolve("preopen"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(Files.createDirectory(preopen.resolve("d")).resolve("inner"), "INSIDE");
        Files.createSymbolicLink(preopen.resolve("s"), outside.toAbsolutePath());
        Files.writeString(outside.resolve("canary"), "CANARY");
        Files.createSymbolicLink(outside.resolve("link"), Path.of("canary"));
        Files.createDirectory(outside.resolve("victim"));
        for (String name : List.of("canary", "link", "victim")) {
            setOldTimes(outside.resolve(name)); // a read now moves the canary's atime (relatime)
        }
        setOldTimes(outside);
        boolean atimeCounts = readsMoveAtime();
        Map<String, String> before = state(outside, atimeCounts);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        String d = preopen.resolve("d").toString();
        String s = preopen.resolve("s").toString();
        Thread swapper = new Thread(
                () -> {
                    while (!stop.get()) {
                        if (Renames.C.renameat2(AT_FDCWD, d, AT_FDCWD, s, RENAME_EXCHANGE) == 0) {
                            swaps.incrementAndGet();
                        }
                    }
                },
                "swapper");
        GuestRun run;
        swapper.start();
        try (HostFilesystem fs = new HostFilesystem(preopen, false)) {
            run = GuestRun.run(
                    "host/race.wasm",
                    List.of(Preopen.of(fs, "/data")),
                    Engine.INTERPRETER,
                    "",
                    operation,
                    Integer.toString(ITERATIONS));
        } finally {
            stop.set(true);
            swapper.join();
        }

        assertEquals(0, run.exitCode(), run.stderr);
        Map<String, Integer> counts = new TreeMap<>();
        run.stdout.lines().map(line -> line.split(" ")).forEach(w -> counts.put(w[0], Integer.parseInt(w[1])));
        assertEquals(before, state(outside, atimeCounts), "the outside directory changed: " + counts);
        assertEquals("CANARY", Files.readString(outside.resolve("canary")));
        assertEquals(0, counts.get("escapes"), operation + " reached outside the preopen: " + counts);
        // The race really ran: the guest went through the directory sometimes and hit the symlink other times.
        assertTrue(
                swaps.get() > 0 && counts.get("inside") > 0 && counts.get("refused") > 0,
                "swaps " + swaps + ", guest " + counts);
    }

    /** Every outside entry's type, size, link count, mtime and ctime (and atime, where reads move it). */
    private static Map<String, String> state(Path outside, boolean withAtime) throws Exception {
        Map<String, String> state = new TreeMap<>();
        state.put(".", describe(outside, withAtime));
        try (Stream<Path> entries = Files.list(outside)) {
            for (Path entry : entries.toList()) {
                state.put(entry.getFileName().toString(), describe(entry, withAtime));
            }
        }
        return state;
    }

    private static String describe(Path path, boolean withAtime) throws Exception {
        Map<String, Object> a = Files.readAttributes(
                path, "unix:ino,mode,nlink,size,lastModifiedTime,lastAccessTime,ctime", LinkOption.NOFOLLOW_LINKS);
        String text = a.get("ino") + " " + Integer.toOctalString((Integer) a.get("mode")) + " " + a.get("nlink") + " "
                + a.get("size") + " m" + a.get("lastModifiedTime") + " c" + a.get("ctime");
        if (withAtime && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            text += " a" + a.get("lastAccessTime"); // (listing a directory or reading a link here moves theirs)
        }
        if (Files.isSymbolicLink(path)) {
            text += " -> " + Files.readSymbolicLink(path);
        }
        return text;
    }

    private static void setOldTimes(Path path) throws Exception {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(
                        FileTime.from(Instant.parse("2000-01-01T00:00:00Z")),
                        FileTime.from(Instant.parse("2001-01-01T00:00:00Z")),
                        null);
    }

    /** Whether this host's mount records reads in atime (not with noatime), so a read would show. */
    private boolean readsMoveAtime() throws Exception {
        Path probe = dir.resolve("atime-probe");
        Files.writeString(probe, "x");
        setOldTimes(probe);
        FileTime before = Files.readAttributes(probe, java.nio.file.attribute.BasicFileAttributes.class)
                .lastAccessTime();
        Files.readAllBytes(probe);
        return !before.equals(Files.readAttributes(probe, java.nio.file.attribute.BasicFileAttributes.class)
                .lastAccessTime());
    }
}
