package io.tarbox.storage.sql;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The process {@link CrashSafetyTest} kills: writes files and metadata as fast as it can, and after
 * each {@code sync} prints {@code SYNCED <path> <size> <seed> END}, so every printed file must survive.
 * A synced file is never changed again. Prints {@code READY} once the store is open.
 *
 * <p>Arguments: database file, round number.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        PrintStream out = System.out;
        Random random = new Random(round);
        SqlStore store = SqlStore.openSqlite(db);
        FilesystemInterface fs = store.openFilesystem(Tenant.DEFAULT);
        long dir = fs.mkdir(fs.rootIno(), "round" + round, 0755).ino();
        out.println("READY");
        out.flush();
        for (int i = 0; ; i++) {
            long seed = random.nextLong();
            int size = random.nextInt(200_000);
            FileAttributes f = fs.create(dir, "f" + i, 0644, true);
            byte[] data = content(seed, size);
            for (int off = 0; off < size; ) {
                int n = Math.min(size - off, 1 + random.nextInt(70_000));
                fs.write(f.ino(), off, data, off, n);
                off += n;
            }
            churn(fs, dir, random, i);
            fs.sync(f.ino());
            out.println("SYNCED round" + round + "/f" + i + " " + size + " " + seed + " END");
            out.flush();
        }
    }

    /** Unsynced metadata and data changes that a crash may cut anywhere. */
    private static void churn(FilesystemInterface fs, long dir, Random random, int i) {
        FileAttributes tmp = fs.create(dir, "tmp" + i, 0644, true);
        byte[] junk = content(random.nextLong(), random.nextInt(100_000));
        fs.write(tmp.ino(), 0, junk, 0, junk.length);
        fs.rename(dir, "tmp" + i, dir, "scratch");
        if (random.nextBoolean()) {
            fs.link(tmp.ino(), dir, "hard" + i);
            fs.unlink(dir, "hard" + i);
        }
        long sub = fs.mkdir(dir, "d" + i, 0755).ino();
        fs.symlink(sub, "link", "../scratch");
        if (random.nextInt(3) == 0) {
            fs.unlink(sub, "link");
            fs.rmdir(dir, "d" + i);
        }
        fs.truncate(tmp.ino(), random.nextInt(150_000));
    }

    static byte[] content(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
