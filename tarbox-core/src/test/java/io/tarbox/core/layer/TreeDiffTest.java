package io.tarbox.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tarbox.core.layer.TreeDiff.Change;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link TreeDiff} over two in-memory trees that share inode numbers, as a tenant's layers do. */
class TreeDiffTest {

    private static MemoryTree base() {
        return new MemoryTree()
                .dir("/docs", 2)
                .file("/docs/a.txt", 3, "alpha\n", 100)
                .file("/docs/b.txt", 4, "beta\n", 100)
                .dir("/docs/sub", 5)
                .file("/docs/sub/c.txt", 6, "gamma\n", 100)
                .symlink("/link", 7, "docs/a.txt");
    }

    /** Each change as "KIND path" or "RENAMED old -> new". */
    private static String diff(MemoryTree before, MemoryTree after) {
        List<Change> changes = TreeDiff.compare(before, before.rootIno(), after, after.rootIno());
        return changes.stream()
                .map(c -> c.kind() + " " + (c.oldPath() == null ? "" : c.oldPath() + " -> ") + c.path())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void identicalTreesHaveNoChanges() {
        MemoryTree tree = base();
        assertEquals("", diff(tree, tree.copy()));
    }

    @Test
    void addedModifiedAndDeletedFilesAndDirectories() {
        MemoryTree before = base();
        MemoryTree after = before.copy()
                .write("/docs/a.txt", "alpha, changed\n", 200)
                .remove("/docs/b.txt")
                .dir("/new", 10)
                .file("/new/d.txt", 11, "delta\n", 200);
        after.remove("/docs/sub/c.txt").remove("/docs/sub");
        assertEquals(
                String.join(
                        "\n",
                        "MODIFIED /docs/a.txt",
                        "DELETED /docs/b.txt",
                        "DELETED /docs/sub",
                        "DELETED /docs/sub/c.txt",
                        "ADDED /new",
                        "ADDED /new/d.txt"),
                diff(before, after));
        // the other way round, every change turns over
        assertEquals(
                String.join(
                        "\n",
                        "MODIFIED /docs/a.txt",
                        "ADDED /docs/b.txt",
                        "ADDED /docs/sub",
                        "ADDED /docs/sub/c.txt",
                        "DELETED /new",
                        "DELETED /new/d.txt"),
                diff(after, before));
    }

    @Test
    void aRenameIsOneChangeAndADirectoryRenameDoesNotListItsEntries() {
        MemoryTree before = base();
        MemoryTree after = before.copy().move("/docs/b.txt", "/b-moved.txt").move("/docs/sub", "/sub2");
        assertEquals(
                String.join("\n", "RENAMED /docs/b.txt -> /b-moved.txt", "RENAMED /docs/sub -> /sub2"),
                diff(before, after));
    }

    @Test
    void aRenamedAndChangedFileIsBoth() {
        MemoryTree before = base();
        MemoryTree after = before.copy().move("/docs/a.txt", "/a.txt").write("/a.txt", "new content\n", 300);
        assertEquals("RENAMED /docs/a.txt -> /a.txt\nMODIFIED /docs/a.txt -> /a.txt", diff(before, after));
        Change modified = TreeDiff.compare(before, 1, after, 1).get(1);
        assertEquals(6, modified.before().size());
        assertEquals(12, modified.after().size());
    }

    @Test
    void aFileReplacedByANewInodeUnderTheSameNameIsComparedByPath() {
        MemoryTree before = base();
        assertEquals("", diff(before, before.copy().remove("/docs/a.txt").file("/docs/a.txt", 20, "alpha\n", 500)));
        assertEquals(
                "MODIFIED /docs/a.txt",
                diff(before, before.copy().remove("/docs/a.txt").file("/docs/a.txt", 20, "alpha!\n", 500)));
        MemoryTree typeChanged = before.copy().remove("/docs/a.txt").dir("/docs/a.txt", 20);
        assertEquals("DELETED /docs/a.txt\nADDED /docs/a.txt", diff(before, typeChanged));
    }

    @Test
    void newTimesWithTheSameBytesAreNoChangeButSameSizeWithOtherBytesIs() {
        MemoryTree before = base();
        assertEquals("", diff(before, before.copy().write("/docs/a.txt", "alpha\n", 999)));
        assertEquals("MODIFIED /docs/a.txt", diff(before, before.copy().write("/docs/a.txt", "ALPHA\n", 999)));
    }

    @Test
    void modeAndSymlinkTargetChangesAreModifications() {
        MemoryTree before = base();
        MemoryTree after = before.copy()
                .chmod("/docs/b.txt", 0600)
                .chmod("/docs", 0700)
                .remove("/link")
                .symlink("/link", 7, "docs/b.txt");
        assertEquals("MODIFIED /docs\nMODIFIED /docs/b.txt\nMODIFIED /link", diff(before, after));
    }

    @Test
    void hardLinksAddedAndRemovedAreAddsAndDeletes() {
        MemoryTree before = base().link("/docs/a.txt", "/a-link");
        MemoryTree after = before.copy().remove("/a-link").link("/docs/b.txt", "/docs/sub/b-link");
        assertEquals("DELETED /a-link\nADDED /docs/sub/b-link", diff(before, after));
    }

    @Test
    void aChangedFileWithTwoNamesIsModifiedUnderBoth() {
        MemoryTree before = base().link("/docs/a.txt", "/docs/a2.txt");
        MemoryTree after =
                before.copy().write("/docs/a.txt", "new content\n", 300).move("/docs/a.txt", "/a3.txt");
        assertEquals(
                String.join(
                        "\n",
                        "RENAMED /docs/a.txt -> /a3.txt",
                        "MODIFIED /docs/a.txt -> /a3.txt",
                        "MODIFIED /docs/a2.txt"),
                diff(before, after));
    }
}
