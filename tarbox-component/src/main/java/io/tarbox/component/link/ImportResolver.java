package io.tarbox.component.link;

import io.tarbox.component.types.FuncType;

/** Where the imports of a root component come from: the host. */
public interface ImportResolver {
    /**
     * The host's implementation of the instance imported as {@code importName} (e.g.
     * {@code wasi:filesystem/types@0.2.6}), or null when the host has none (for that version).
     */
    HostInstance instance(String importName);

    /**
     * The body the linker binds for function {@code function} of the instance imported as
     * {@code importName}, given the type the component declares for it (with its parameter names):
     * the host's own {@code body} unless the host wraps it (a tracer does; nothing is wrapped
     * otherwise).
     */
    default HostFunc bind(String importName, String function, FuncType type, HostFunc body) {
        return body;
    }
}
