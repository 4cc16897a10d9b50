package io.tarbox.storage.sql;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.Tenant;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * One process of {@link MultiProcessSharingTest}, on the default tenant of a PostgreSQL database.
 *
 * <p>{@code writer ID COUNT}: creates {@code shared/f-ID-K} for K below COUNT with
 * {@link #content}, appends line K to {@code log-ID}, renames every third file to
 * {@code renamed/}, unlinks every tenth (K % 10 == 5), tries to win token K / 20 by renaming
 * {@code tokens/t-N} to {@code won/t-N-by-ID}, and syncs every 25 files. Prints
 * {@code WON N} for each token won, then {@code DONE}.
 *
 * <p>{@code reader ID ROUNDS}: lists {@code shared} and {@code renamed} and reads every file and
 * log it finds, checking that each is empty (created, not yet written) or exactly its content, and
 * each log a prefix of whole lines. Prints {@code BAD ...} per violation, then {@code DONE}.
 */
public final class SharingWorker {
    private SharingWorker() {}

    /** File K of writer ID: some files of all writers share their content (so chunks deduplicate). */
    static byte[] content(int id, int k) {
        boolean common = k % 5 == 0;
        int size = common ? 70_000 + k : 100 + (k * 37) % 5_000;
        byte[] data = new byte[size];
        new Random(common ? k : id * 100_000L + k).nextBytes(data);
        return data;
    }

    static String logLine(int id, int k) {
        return "writer " + id + " line " + k + "\n";
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String role = args[1];
        int id = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        try (SqlStore store = SqlStore.openPostgres(url, "test database");
                FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
            if (role.equals("writer")) {
                write(fs, id, count);
            } else {
                read(fs, count);
            }
        }
        System.out.println("DONE");
        System.out.flush();
    }

    private static long dir(FilesystemInterface fs, String name) {
        return fs.lookup(fs.rootIno(), name).ino();
    }

    private static void write(FilesystemInterface fs, int id, int count) {
        long shared = dir(fs, "shared");
        long renamed = dir(fs, "renamed");
        long tokens = dir(fs, "tokens");
        long won = dir(fs, "won");
        long log = fs.create(fs.rootIno(), "log-" + id, 0644, true).ino();
        long logSize = 0;
        for (int k = 0; k < count; k++) {
            String name = "f-" + id + "-" + k;
            long ino = fs.create(shared, name, 0644, true).ino();
            byte[] data = content(id, k);
            fs.write(ino, 0, data, 0, data.length);
            byte[] line = logLine(id, k).getBytes(StandardCharsets.UTF_8);
            fs.write(log, logSize, line, 0, line.length);
            logSize += line.length;
            long in = shared;
            if (k % 3 == 0) {
                fs.rename(shared, name, renamed, name);
                in = renamed;
            }
            if (k % 10 == 5) {
                fs.unlink(in, name);
            }
            if (k % 20 == 0) {
                String token = "t-" + (k / 20);
                try {
                    fs.rename(tokens, token, won, token + "-by-" + id);
                    System.out.println("WON " + (k / 20));
                } catch (FsException e) {
                    if (e.error() != FsError.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            if (k % 25 == 24) {
                fs.syncAll();
            }
        }
    }

    private static void read(FilesystemInterface fs, int rounds) {
        for (int round = 0; round < rounds; round++) {
            fs.refresh();
            for (String dirName : new String[] {"shared", "renamed"}) {
                long dir = dir(fs, dirName);
                long cookie = 0;
                for (var page = fs.readdir(dir, cookie, 64); !page.isEmpty(); page = fs.readdir(dir, cookie, 64)) {
                    for (DirEntry e : page) {
                        cookie = e.cookie();
                        String[] parts = e.name().split("-");
                        check(fs, e.ino(), e.name(), content(Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
                    }
                }
            }
            for (DirEntry e : fs.readdir(fs.rootIno(), 0, 1000)) {
                if (e.name().startsWith("log-")) {
                    checkLog(fs, e.ino(), Integer.parseInt(e.name().substring(4)));
                }
            }
        }
    }

    private static void check(FilesystemInterface fs, long ino, String name, byte[] expected) {
        try {
            FileAttributes a = fs.getattr(ino);
            if (a.size() == 0) {
                return; // created, its data not committed yet
            }
            byte[] data = new byte[(int) a.size()];
            fs.read(ino, 0, data, 0, data.length);
            if (!Arrays.equals(expected, data)) {
                System.out.println("BAD " + name + " size " + a.size() + " expected " + expected.length);
            }
        } catch (FsException e) {
            if (e.error() != FsError.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static void checkLog(FilesystemInterface fs, long ino, int id) {
        byte[] data = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, data, 0, data.length);
        String text = new String(data, StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        for (int k = 0; expected.length() < text.length(); k++) {
            expected.append(logLine(id, k));
        }
        if (!expected.toString().equals(text)) {
            System.out.println("BAD log-" + id + " is not a prefix of whole lines (" + text.length() + " bytes)");
        }
    }
}
