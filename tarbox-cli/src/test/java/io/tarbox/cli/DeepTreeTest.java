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
 *
 * <p>The commands run on a thread with a {@value #STACK_BYTES}-byte stack, so a walk that recurses
 * per level overflows at a depth that keeps the test quick (the crash was found at 2,000 levels
 * with the default stack; a recursive du, tree, export, import, rm -r or diff fails here at a few
 * hundred). Only a walk whose stack does not grow with the depth passes.
 */
abstract class DeepTreeTest {
    static final int DEPTH = 1_000;
    /** For tar archives: commons-compress takes time quadratic in a name's length to write a header. */
    static final int TAR_DEPTH = 1_000;

    static final long STACK_BYTES = 256 * 1024;

    @TempDir
    Path dir;

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

    /** Runs a command on a thread with a small stack (see the class comment). */
    private Cli.Result run(String... args) throws InterruptedException {
        Cli.Result[] result = new Cli.Result[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        result[0] = cli.run(args);
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                },
                "deep-tree-command",
                STACK_BYTES);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw new AssertionError(String.join(" ", args) + " failed", failure[0]);
        }
        return result[0];
    }

    private String ok(String... args) throws InterruptedException {
        Cli.Result result = run(args);
        assertEquals(0, result.code(), () -> String.join(" ", args) + ": " + result.err());
        assertTrue(result.err().isEmpty() || !result.err().contains("Exception"), result.err());
        return result.out();
    }

    @Test
    void everyCommandWalksAChainThousandsDeep() throws Exception {
        assertTrue(ok("du", "-s", "/deep").endsWith("\t/deep\n"));
        Cli.Result tree = run("tree", "/deep");
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
        String diff = ok("snapshot", "diff", "before", "current");
        assertEquals(DEPTH + 2, diff.lines().count(), "every directory and the leaf deleted");
        ok("rm", "-r", "/copy", "/tar-deep");
        assertEquals("", ok("ls", "/"));
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
