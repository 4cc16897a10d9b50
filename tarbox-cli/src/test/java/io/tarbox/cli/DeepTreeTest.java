package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.store.TarboxStore;
import io.tarbox.storage.StoreFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain of {@value #DEPTH} directories (built through the storage API: one CLI process per level
 * would take too long) through every command that walks a tree: each works, none dies of a
 * StackOverflowError. One backend per subclass.
 */
abstract class DeepTreeTest {
    static final int DEPTH = 3_000;
    /**
     * For tar archives: commons-compress takes time quadratic in a name's length to write an
     * entry's header, so a 10,000-level name (20,000 characters) costs minutes; 2,000 levels (the
     * chain a program made in the report that found the crash) take seconds.
     */
    static final int TAR_DEPTH = 2_000;

    @TempDir Path dir;
    Cli cli;

    /** Points {@code cli} at a fresh database of the subclass's backend. */
    abstract void useDatabase(Cli cli);

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
        useDatabase(cli);
        cli.ok("init");
        try (TarboxStore store = StoreFactory.open(cli.env.get("TARBOX_DB"));
                FilesystemInterface fs = store.openFilesystem("default")) {
            chain(fs, "deep", DEPTH);
            chain(fs, "tar-deep", TAR_DEPTH);
        }
    }

    private static void chain(FilesystemInterface fs, String top, int depth) {
        long at = fs.mkdir(fs.rootIno(), top, 0755).ino();
        for (int i = 0; i < depth; i++) {
            at = fs.mkdir(at, "d", 0755).ino();
        }
        fs.create(at, "leaf", 0644, true);
    }

    private void ok(String... args) {
        Cli.Result result = cli.run(args);
        assertEquals(0, result.code(), () -> String.join(" ", args) + ": " + result.err());
        assertTrue(result.err().isEmpty() || !result.err().contains("Exception"), result.err());
    }

    @Test
    void everyCommandWalksAChainThousandsDeep() throws Exception {
        assertTrue(cli.ok("du", "-s", "/deep").endsWith("\t/deep\n"));
        Cli.Result tree = cli.run("tree", "/deep");
        assertEquals(0, tree.code(), tree.err());
        assertTrue(tree.out().endsWith("\n" + DEPTH + " directories, 1 file\n"));

        Path archive = dir.resolve("deep.tar");
        ok("export", "/tar-deep", "--tar", archive.toString());
        ok("import", "--tar", archive.toString(), "/copy");
        Path host = dir.resolve("exported");
        ok("export", "/deep", host.toString());
        assertEquals(DEPTH, removeHostChain(host), "the host got the whole chain");

        ok("snapshot", "create", "before");
        ok("rm", "-r", "/deep");
        String diff = cli.ok("snapshot", "diff", "before", "current");
        assertEquals(DEPTH + 2, diff.lines().count(), "every directory and the leaf deleted");
        ok("rm", "-r", "/copy", "/tar-deep");
        assertEquals("", cli.ok("ls", "/"));
    }

    /**
     * Counts and removes a host chain of directories named "d" (deeper than PATH_MAX allows paths
     * for): each step moves the next level up to the top, so no path grows.
     */
    private static int removeHostChain(Path top) throws Exception {
        int levels = 0;
        Path at = top;
        while (true) {
            Path next = at.resolve("d");
            if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(at.resolve("leaf"));
                Files.delete(at);
                return levels;
            }
            Path moved = top.getParent().resolve("level-" + levels);
            Files.move(next, moved);
            Files.delete(at);
            at = moved;
            levels++;
        }
    }
}
