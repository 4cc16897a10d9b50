package io.tarbox.component.link;

/** Where the imports of a root component come from: the host. */
public interface ImportResolver {
    /**
     * The host's implementation of the instance imported as {@code importName} (e.g.
     * {@code wasi:filesystem/types@0.2.6}), or null when the host has none (for that version).
     */
    HostInstance instance(String importName);
}
