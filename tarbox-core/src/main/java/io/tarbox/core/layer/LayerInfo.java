package io.tarbox.core.layer;

import java.util.List;

/**
 * One layer of a tenant's tree. A tree is a chain of layers: the top one takes every change, the
 * ones below are frozen, and a read falls through the chain to the first layer that holds the row.
 *
 * @param id        unique in the database; a child layer always has a larger id than its parent
 * @param parent    the layer below, or 0 for a base layer
 * @param state     what the layer is used for
 * @param createdNs when it was created, in nanoseconds since the epoch
 * @param names     the snapshots and tags that name it (empty for an anonymous layer)
 */
public record LayerInfo(long id, long parent, State state, long createdNs, List<String> names) {
    public enum State {
        /** The top of the tenant's tree: takes every change. */
        CURRENT,
        /** Frozen: a snapshot, or the base of one. */
        FROZEN,
        /** A run's private layer ({@code --atomic}, {@code --ephemeral}); nobody else sees it. */
        SCRATCH
    }

    public LayerInfo {
        names = List.copyOf(names);
    }
}
