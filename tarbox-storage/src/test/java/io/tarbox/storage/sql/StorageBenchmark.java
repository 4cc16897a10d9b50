package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Times the contract operations on SQLite (see docs/benchmarks.md, "Storage"). Not a test: run it
 * by hand. Arguments: [files (default 20000)] [MiB streamed (default 256)].
 */
public final class StorageBenchmark {
    private StorageBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        Path dir = Files.createTempDirectory("tarbox-bench");
        Path db = dir.resolve("bench.db");
        SqlStore.openSqlite(db).close(); // creation (Flyway) is not what is measured below

        long[] opens = new long[20];
        for (int i = 0; i < opens.length; i++) {
            long t = System.nanoTime();
            SqlStore store = SqlStore.openSqlite(db);
            store.openFilesystem(Tenant.DEFAULT).close();
            store.close();
            opens[i] = System.nanoTime() - t;
        }
        Arrays.sort(opens);
        System.out.printf("open existing store + tenant: median %.1f ms%n", opens[opens.length / 2] / 1e6);

        byte[] small = new byte[4096];
        new Random(1).nextBytes(small);
        byte[] piece = new byte[64 * 1024];
        new Random(2).nextBytes(piece);
        try (SqlStore store = SqlStore.openSqlite(db)) {
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                long d = fs.mkdir(fs.rootIno(), "d", 0755).ino();
                long t = System.nanoTime();
                for (int i = 0; i < files; i++) {
                    fs.create(d, "file-" + i, 0644, true);
                }
                fs.syncAll();
                report("create (one directory)", files, t);
                t = System.nanoTime();
                for (int i = 0; i < files; i++) {
                    fs.lookup(d, "file-" + i);
                }
                report("lookup (cached)", files, t);
                t = System.nanoTime();
                int listed = 0;
                long cookie = 0;
                for (var page = fs.readdir(d, cookie, 1000); !page.isEmpty(); page = fs.readdir(d, cookie, 1000)) {
                    listed += page.size();
                    cookie = page.get(page.size() - 1).cookie();
                }
                report("readdir entries", listed, t);
                t = System.nanoTime();
                for (int i = 0; i < files; i++) {
                    fs.rename(d, "file-" + i, d, "renamed-" + i);
                }
                fs.syncAll();
                report("rename", files, t);
                t = System.nanoTime();
                for (int i = 0; i < files; i++) {
                    fs.unlink(d, "renamed-" + i);
                }
                fs.syncAll();
                report("unlink", files, t);
                t = System.nanoTime();
                for (int i = 0; i < files / 4; i++) {
                    long ino = fs.create(d, "small-" + i, 0644, true).ino();
                    fs.write(ino, 0, small, 0, small.length);
                }
                fs.syncAll();
                report("create + write 4 KiB", files / 4, t);
                long big = fs.create(fs.rootIno(), "big", 0644, true).ino();
                t = System.nanoTime();
                for (long off = 0; off < (long) mib << 20; off += piece.length) {
                    piece[0] = (byte) (off >> 16); // distinct chunks: no dedup shortcut
                    piece[1] = (byte) (off >> 24);
                    fs.write(big, off, piece, 0, piece.length);
                }
                fs.sync(big);
                reportBytes("sequential write 64 KiB + sync", (long) mib << 20, t);
            }
            try (FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT)) {
                long big = fs.lookup(fs.rootIno(), "big").ino();
                long t = System.nanoTime();
                for (long off = 0; off < (long) mib << 20; off += piece.length) {
                    fs.read(big, off, piece, 0, piece.length);
                }
                reportBytes("sequential read 64 KiB (reopened)", (long) mib << 20, t);
            }
        }
        System.out.printf("database size: %.1f MiB%n", Files.size(db) / 1048576.0);
    }

    private static void report(String what, int count, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-36s %8d ops in %6.2f s = %9.0f ops/s%n", what, count, s, count / s);
    }

    private static void reportBytes(String what, long bytes, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-36s %8d MiB in %6.2f s = %9.1f MiB/s%n", what, bytes >> 20, s, (bytes >> 20) / s);
    }
}
