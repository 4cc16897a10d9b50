package io.tarbox.embed;

import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.layer.Snapshot;
import io.tarbox.core.store.TarboxStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One tenant of a {@link Tarbox} store: its tree of files, the programs run on it, its snapshots.
 * Paths are the tree's own, rooted at "/". Each call opens the tree and closes it again, which
 * commits (the durability contract of docs/storage.md holds for every call and every run).
 *
 * <p>Failed file operations throw {@link FsException} with the contract's error
 * ({@code NOT_FOUND}, {@code EXISTS}, {@code NOT_DIRECTORY}, {@code NO_SPACE}, ...).
 */
public final class Tenant {
    private final TarboxStore store;
    private final String name;

    Tenant(TarboxStore store, String name) {
        this.store = store;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Starts describing a run of the WebAssembly module or component {@code binary} on this tenant's tree. */
    public Run run(byte[] binary) {
        return new Run(store, name, binary, "module.wasm");
    }

    /** As {@link #run(byte[])}, reading the file; the guest's argv[0] is its file name. */
    public Run run(Path file) {
        try {
            return new Run(store, name, Files.readAllBytes(file), RunWiring.programName(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates a directory and its missing parents (an existing directory is fine). */
    public void mkdirs(String path) {
        withTree(files -> files.mkdirs(path));
    }

    /** Writes a whole file, creating or replacing it; its directory must exist. */
    public void writeFile(String path, byte[] content) {
        withTree(files -> {
            files.writeFile(path, content);
            return null;
        });
    }

    /** A whole file's content, or empty when the path names nothing. */
    public Optional<byte[]> readFile(String path) {
        return withTree(files -> files.readFile(path));
    }

    /**
     * Copies a host directory's files, directories and symlinks into tree directory {@code path}
     * (created when missing), in one commit.
     */
    public void importDirectory(Path hostDirectory, String path) {
        withTree(files -> {
            files.importDirectory(hostDirectory, path);
            return null;
        });
    }

    /**
     * Freezes the tree as snapshot {@code snapshotName} (nothing is copied); later changes go to a new
     * layer. @throws FsException EXISTS, INVALID (the name), BUSY (the tree is open elsewhere)
     */
    public Snapshot snapshot(String snapshotName, String message) {
        return withLayers(fs -> fs.createSnapshot(snapshotName, message));
    }

    /**
     * Brings the tree back to snapshot {@code snapshotName}. The changes made since are kept as a
     * snapshot of their own (returned) unless {@code discard}. @throws FsException NOT_FOUND, BUSY
     */
    public Optional<Snapshot> restore(String snapshotName, boolean discard) {
        return withLayers(fs -> fs.restore(snapshotName, discard));
    }

    /** The tenant's snapshots and tags, oldest first. */
    public List<Snapshot> snapshots() {
        return withLayers(LayeredFilesystem::snapshots);
    }

    /** Drops a snapshot or tag (its data goes at the next garbage collection). */
    public void dropSnapshot(String snapshotName) {
        withLayers(fs -> {
            fs.dropSnapshot(snapshotName, false);
            return null;
        });
    }

    private <T> T withTree(Function<TreeFiles, T> action) {
        return withLayers(fs -> action.apply(new TreeFiles(fs)));
    }

    private <T> T withLayers(Function<LayeredFilesystem, T> action) {
        LayeredFilesystem fs = store.openFilesystem(name);
        T result;
        try {
            result = action.apply(fs);
        } catch (RuntimeException e) {
            try {
                fs.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        fs.close();
        return result;
    }
}
