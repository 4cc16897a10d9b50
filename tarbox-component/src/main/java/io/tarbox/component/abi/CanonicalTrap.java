package io.tarbox.component.abi;

import com.dylibso.chicory.runtime.TrapException;

/**
 * A trap raised by the canonical ABI (an out-of-range pointer or length, invalid UTF-8, a bad
 * handle, a discriminant out of range). It is a Chicory trap, so it unwinds the guest as any
 * other trap does and a run ends with exit code 134.
 */
public final class CanonicalTrap extends TrapException {
    private static final long serialVersionUID = 1L;

    public CanonicalTrap(String message) {
        super("canonical ABI: " + message);
    }
}
