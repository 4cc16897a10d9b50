package io.tarbox.core.layer;

import io.tarbox.core.fs.FilesystemInterface;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's tree with its layers: snapshots are taken, restored and dropped through the open
 * tree, so that its own uncommitted changes are committed first and its caches stay right.
 *
 * <p>Changing which layer is on top (create, restore, switch) needs the tenant to itself: these
 * fail with BUSY while another tree of the tenant is open, in another process or in this one.
 */
public interface LayeredFilesystem extends FilesystemInterface {

    /** The layer this tree writes to. */
    LayerInfo currentLayer();

    /** The id of {@link #currentLayer()}, without a database round trip (for the audit trail). */
    long currentLayerId();

    /** Every layer of the tenant (not other runs' scratch layers), by id. */
    List<LayerInfo> layers();

    /** Every snapshot and tag of the tenant, oldest first. */
    List<Snapshot> snapshots();

    Optional<Snapshot> findSnapshot(String name);

    /**
     * Freezes the current top layer under {@code name} and starts a new, empty top layer on it.
     * Costs the same for any number of files: nothing is copied.
     *
     * @throws io.tarbox.core.fs.FsException INVALID (name), EXISTS, BUSY, NOT_SUPPORTED on a
     *     scratch tree
     */
    Snapshot createSnapshot(String name, String message);

    /**
     * Gives the layer of snapshot {@code snapshot} a second name.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND, INVALID, EXISTS
     */
    Snapshot tag(String snapshot, String tag);

    /**
     * Makes the tree what snapshot {@code name} holds: a new top layer on the snapshot's layer.
     * Unless {@code discard}, the state being replaced is kept as a snapshot, whose name is
     * returned; with {@code discard} it is dropped (empty result).
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND, BUSY, NOT_SUPPORTED on a scratch tree
     */
    Optional<Snapshot> restore(String name, boolean discard);

    /**
     * Removes a snapshot or tag. A snapshot other snapshots are built on is refused (BUSY) unless
     * {@code force}; then only its name goes: the layer stays as the base of those snapshots.
     * A layer no name and no tree needs any more is deleted (its chunks go at the next
     * {@code gc}); when this tree is alone on the tenant, a layer left without a name is also
     * squashed into its only child, so that chains do not grow with dropped snapshots.
     *
     * @throws io.tarbox.core.fs.FsException NOT_FOUND, BUSY
     */
    void dropSnapshot(String name, boolean force);

    /**
     * For a tree opened with {@code TarboxStore#openScratch}: merges the scratch layer into the
     * tenant's tree in one transaction, so other processes see all of the run's changes or none.
     * After it the tree is closed. Closing a scratch tree without publishing discards its layer.
     *
     * @throws io.tarbox.core.fs.FsException NOT_SUPPORTED on a tree that is not scratch, IO
     */
    void publish();
}
