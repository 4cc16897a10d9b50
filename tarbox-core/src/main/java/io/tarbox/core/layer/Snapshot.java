package io.tarbox.core.layer;

/**
 * A name for a frozen layer: the tree as it was when the snapshot was taken.
 *
 * @param name      unique in the tenant (see {@link SnapshotNames})
 * @param layer     the frozen layer it names
 * @param message   the {@code -m} text, possibly empty
 * @param createdNs when it was taken, in nanoseconds since the epoch
 * @param tag       whether this is a tag (a second name for another snapshot's layer)
 */
public record Snapshot(String name, long layer, String message, long createdNs, boolean tag) {}
