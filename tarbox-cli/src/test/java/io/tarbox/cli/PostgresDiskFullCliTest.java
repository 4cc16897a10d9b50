package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under a PostgreSQL database, as a user meets it: the database's tablespace on a real
 * 32 MB tmpfs (the write-ahead log elsewhere). A put that does not fit is exit 7 with one line;
 * what was committed before is intact, and the tree takes the next, smaller put.
 */
class PostgresDiskFullCliTest {
    @TempDir
    Path dir;

    @Test
    void aFullTablespaceIsExit7AndKeepsWhatWasCommitted() throws Exception {
        Path big = IncompressibleFile.write(dir.resolve("big.bin"), 40);
        try (PostgresTestDatabase database = PostgresTestDatabase.createOnSmallDisk(32)) {
            Cli cli = new Cli(dir);
            cli.env.put("TARBOX_DB", database.url());
            cli.ok("init");
            cli.ok("mkdir", "/d");
            Path note = dir.resolve("note.txt");
            Files.writeString(note, "committed first\n");
            cli.ok("put", note.toString(), "/d/note.txt");
            try (Connection c = DriverManager.getConnection(database.jdbcUrl());
                    Statement st = c.createStatement()) {
                st.execute("VACUUM chunks, file_chunks, inodes, dirents"); // as autovacuum does to a database in use
            }

            Cli.Result put = cli.run("put", big.toString(), "/d/big.bin");
            assertEquals(ExitCodes.NO_SPACE, put.code(), put.toString());
            assertEquals(1, put.err().lines().count(), put.err());
            assertTrue(put.err().startsWith("tarbox: put: "), put.err());
            assertTrue(put.err().contains("storage full") || put.err().contains("no space"), put.err());

            assertEquals("committed first\n", cli.ok("cat", "/d/note.txt"));
            Path after = dir.resolve("after.txt");
            Files.writeString(after, "written after the full disk\n".repeat(100));
            cli.ok("put", after.toString(), "/d/after.txt");
            assertEquals("written after the full disk\n".repeat(100), cli.ok("cat", "/d/after.txt"));
        }
    }
}
