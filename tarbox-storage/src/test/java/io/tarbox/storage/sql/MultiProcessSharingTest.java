package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Several JVMs on one tenant of one PostgreSQL database at once ({@link SharingWorker}): writers
 * create files in one directory, append to their own logs, rename into another directory, unlink,
 * and race for tokens; readers list and read everything meanwhile. Afterwards every file and byte
 * is checked, every token has exactly one winner, and {@link SqlFsck} finds the tree consistent.
 */
class MultiProcessSharingTest {
    private static final int WRITERS = 4;
    private static final int READERS = 2;
    private static final int FILES = 200;
    private static final int TOKENS = FILES / 20;

    @Test
    void concurrentWritersAndReadersLoseNothingAndSeeNoTornFile() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url());
                    FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                for (String dir : List.of("shared", "renamed", "tokens", "won")) {
                    fs.mkdir(fs.rootIno(), dir, 0755);
                }
                long tokens = fs.lookup(fs.rootIno(), "tokens").ino();
                for (int t = 0; t < TOKENS; t++) {
                    fs.create(tokens, "t-" + t, 0644, true);
                }
            }

            List<Process> processes = new ArrayList<>();
            for (int id = 0; id < WRITERS; id++) {
                processes.add(ChildJvm.start(
                        SharingWorker.class, List.of("-Xmx128m"), database.jdbcUrl(), "writer", "" + id, "" + FILES));
            }
            for (int id = 0; id < READERS; id++) {
                processes.add(ChildJvm.start(
                        SharingWorker.class, List.of("-Xmx128m"), database.jdbcUrl(), "reader", "" + id, "20"));
            }
            Map<Integer, Integer> winners = new HashMap<>();
            for (int p = 0; p < processes.size(); p++) {
                Process process = processes.get(p);
                List<String> lines = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .lines()
                        .collect(Collectors.toList());
                assertTrue(process.waitFor(3, TimeUnit.MINUTES), "process " + p + " did not finish");
                assertEquals(0, process.exitValue(), "process " + p + ": " + lines);
                assertEquals("DONE", lines.get(lines.size() - 1), "process " + p + ": " + lines);
                for (String line : lines) {
                    assertTrue(!line.startsWith("BAD"), "process " + p + ": " + line);
                    if (line.startsWith("WON ")) {
                        Integer previous = winners.put(Integer.parseInt(line.substring(4)), p);
                        assertEquals(null, previous, "token won twice: " + line);
                    }
                }
            }
            assertEquals(TOKENS, winners.size(), "every token has a winner");

            try (SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
                SqlFsck.Report report = store.fsck(Tenant.DEFAULT);
                assertTrue(report.consistent(), () -> report.problems().toString());
                try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                    verify(fs, winners);
                }
            }
        }
    }

    private static void verify(FilesystemInterface fs, Map<Integer, Integer> winners) {
        long root = fs.rootIno();
        long shared = fs.lookup(root, "shared").ino();
        long renamed = fs.lookup(root, "renamed").ino();
        Set<String> inShared = new HashSet<>();
        Set<String> inRenamed = new HashSet<>();
        for (int id = 0; id < WRITERS; id++) {
            StringBuilder log = new StringBuilder();
            for (int k = 0; k < FILES; k++) {
                log.append(SharingWorker.logLine(id, k));
                String name = "f-" + id + "-" + k;
                if (k % 10 == 5) {
                    continue;
                }
                long dir = k % 3 == 0 ? renamed : shared;
                (k % 3 == 0 ? inRenamed : inShared).add(name);
                assertArrayEquals(
                        SharingWorker.content(id, k),
                        read(fs, fs.lookup(dir, name).ino()),
                        name);
            }
            assertEquals(
                    log.toString(),
                    new String(read(fs, fs.lookup(root, "log-" + id).ino()), StandardCharsets.UTF_8),
                    "log-" + id);
        }
        assertEquals(inShared, names(fs, shared));
        assertEquals(inRenamed, names(fs, renamed));
        assertEquals(Set.of(), names(fs, fs.lookup(root, "tokens").ino()));
        Set<String> won = new HashSet<>();
        winners.forEach((token, id) -> won.add("t-" + token + "-by-" + id));
        assertEquals(won, names(fs, fs.lookup(root, "won").ino()));
        assertEquals(2 + 4, fs.getattr(root).nlink());
    }

    private static byte[] read(FilesystemInterface fs, long ino) {
        byte[] out = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, out, 0, out.length);
        return out;
    }

    private static Set<String> names(FilesystemInterface fs, long dir) {
        Set<String> names = new HashSet<>();
        long cookie = 0;
        for (List<DirEntry> page = fs.readdir(dir, 0, 100); !page.isEmpty(); page = fs.readdir(dir, cookie, 100)) {
            for (DirEntry e : page) {
                names.add(e.name());
                cookie = e.cookie();
            }
        }
        return names;
    }
}
