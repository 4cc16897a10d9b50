package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.model.TenantUsage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant quotas: usage counts deduplicated chunks once, and a write past the quota is refused whole. */
class QuotaTest {
    @TempDir
    Path dir;

    @Test
    void usageCountsStoredBytesAndQuotaRefusesWrites() {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("t.db"))) {
            store.createTenant("q");
            FilesystemInterface fs = store.openFilesystem("q");
            byte[] chunk = new byte[ChunkStore.CHUNK_SIZE];
            Arrays.fill(chunk, (byte) 7);
            long a = fs.create(fs.rootIno(), "a", 0644, true).ino();
            long b = fs.create(fs.rootIno(), "b", 0644, true).ino();
            fs.write(a, 0, chunk, 0, chunk.length);
            fs.write(b, 0, chunk, 0, chunk.length);
            long small = fs.create(fs.rootIno(), "small", 0644, true).ino();
            fs.write(small, 0, new byte[100], 0, 100);
            fs.syncAll();
            assertEquals(new TenantUsage(ChunkStore.CHUNK_SIZE + 100, OptionalLong.empty()), store.usage("q"));

            store.setQuota("q", OptionalLong.of(ChunkStore.CHUNK_SIZE + 1000));
            assertEquals(
                    OptionalLong.of(ChunkStore.CHUNK_SIZE + 1000),
                    store.usage("q").quotaBytes());
            fs.write(small, 100, new byte[800], 0, 800);
            FsException full = assertThrows(FsException.class, () -> fs.write(small, 900, new byte[200], 0, 200));
            assertEquals(FsError.NO_SPACE, full.error());
            assertEquals(900, fs.getattr(small).size());
            fs.syncAll();

            store.setQuota("q", OptionalLong.empty());
            fs.write(small, 900, new byte[200], 0, 200);
            fs.close();
            assertEquals(new TenantUsage(ChunkStore.CHUNK_SIZE + 1100, OptionalLong.empty()), store.usage("q"));
            assertEquals(
                    FsError.NOT_FOUND,
                    assertThrows(FsException.class, () -> store.usage("none")).error());
            assertEquals(
                    FsError.INVALID,
                    assertThrows(FsException.class, () -> store.setQuota("q", OptionalLong.of(-1)))
                            .error());
        }
    }
}
