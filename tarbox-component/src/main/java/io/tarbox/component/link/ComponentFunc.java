package io.tarbox.component.link;

import io.tarbox.component.types.FuncType;

/**
 * A component-level function: one the host implements, or a core function lifted by a component.
 * Values are the Java values of {@link io.tarbox.component.abi.Canonical}.
 */
public interface ComponentFunc {
    FuncType type();

    /** Calls the function; returns its result, or null when it has none. */
    Object call(Object[] args);
}
