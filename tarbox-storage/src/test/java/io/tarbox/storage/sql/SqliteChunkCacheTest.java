package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChunkCacheTest} on a SQLite file. */
class SqliteChunkCacheTest extends ChunkCacheTest {
    @TempDir
    Path dir;

    @Override
    String location() {
        return dir.resolve("chunks.db").toString();
    }
}
