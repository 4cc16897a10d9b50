package io.tarbox.storage.sql;

import io.tarbox.core.fs.DirEntry;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.LayeredFilesystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/**
 * Times what layers cost (see docs/benchmarks.md, "Layers"). Not a test: run it by hand.
 * Arguments: [sqlite | postgresql JDBC-URL] (default sqlite in a temporary directory).
 *
 * <ol>
 *   <li>Taking a snapshot of a tree of 10 files and of 100,000 files (median of 20 snapshots).
 *   <li>Reading 10,000 files (lookup, getattr, read) and listing their directory from a freshly
 *       opened tree, once with the tree in one layer and once with 50 layers above it, each of
 *       which changed 20 of the files.
 * </ol>
 */
public final class LayerBenchmark {
    private LayerBenchmark() {}

    public static void main(String[] args) throws Exception {
        SqlStore store = args.length > 1 && args[0].equals("postgresql")
                ? SqlStore.openPostgres(args[1], args[1])
                : SqlStore.openSqlite(Files.createTempDirectory("tarbox-layers").resolve("bench.db"));
        try (store) {
            System.out.println("backend: " + store.backend());
            for (int files : new int[] {10, 100_000}) {
                String tenant = "snap" + files;
                store.createTenant(tenant);
                try (LayeredFilesystem fs = store.openFilesystem(tenant)) {
                    fill(fs, files);
                    fs.syncAll();
                    long[] times = new long[20];
                    for (int i = 0; i < times.length; i++) {
                        long t = System.nanoTime();
                        fs.createSnapshot("s" + i, "");
                        times[i] = System.nanoTime() - t;
                    }
                    Arrays.sort(times);
                    System.out.printf(
                            "snapshot of %,d files: median %.2f ms (min %.2f, max %.2f)%n",
                            files, times[10] / 1e6, times[0] / 1e6, times[19] / 1e6);
                }
            }
            int files = 10_000;
            for (int layers : new int[] {1, 50}) {
                String tenant = "read" + layers;
                store.createTenant(tenant);
                try (LayeredFilesystem fs = store.openFilesystem(tenant)) {
                    fill(fs, files);
                    long d = fs.lookup(fs.rootIno(), "d").ino();
                    for (int l = 1; l < layers; l++) {
                        for (int k = 0; k < 20; k++) {
                            long ino = fs.lookup(d, "f" + ((l * 997 + k * 131) % files))
                                    .ino();
                            byte[] data = ("changed in layer " + l).getBytes(StandardCharsets.UTF_8);
                            fs.write(ino, 0, data, 0, data.length);
                        }
                        fs.createSnapshot("s" + l, "");
                    }
                }
                for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
                    try (LayeredFilesystem fs = store.openFilesystem(tenant)) {
                        long t = System.nanoTime();
                        long d = fs.lookup(fs.rootIno(), "d").ino();
                        byte[] buffer = new byte[4096];
                        long bytes = 0;
                        for (int i = 0; i < files; i++) {
                            long ino = fs.lookup(d, "f" + i).ino();
                            bytes += fs.read(
                                    ino, 0, buffer, 0, (int) fs.getattr(ino).size());
                        }
                        long readNs = System.nanoTime() - t;
                        t = System.nanoTime();
                        int listed = 0;
                        long cookie = 0;
                        for (List<DirEntry> page = fs.readdir(d, 0, 1000);
                                !page.isEmpty();
                                page = fs.readdir(d, cookie, 1000)) {
                            listed += page.size();
                            cookie = page.get(page.size() - 1).cookie();
                        }
                        long listNs = System.nanoTime() - t;
                        if (round == 2) {
                            System.out.printf(
                                    "%d layer(s): read %,d files (%,d bytes) %.0f files/s; readdir %,d entries"
                                            + " %.0f entries/s%n",
                                    layers, files, bytes, files / (readNs / 1e9), listed, listed / (listNs / 1e9));
                        }
                    }
                }
            }
        }
    }

    /** {@code count} small files in directory {@code d}. */
    private static void fill(FilesystemInterface fs, int count) {
        long d = fs.mkdir(fs.rootIno(), "d", 0755).ino();
        for (int i = 0; i < count; i++) {
            long ino = fs.create(d, "f" + i, 0644, true).ino();
            byte[] data = ("file " + i).getBytes(StandardCharsets.UTF_8);
            fs.write(ino, 0, data, 0, data.length);
        }
        fs.syncAll();
    }
}
