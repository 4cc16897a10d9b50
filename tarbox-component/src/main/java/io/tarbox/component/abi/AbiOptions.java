package io.tarbox.component.abi;

import com.dylibso.chicory.runtime.Memory;
import io.tarbox.component.model.CanonOptions.StringEncoding;

/**
 * The resolved options of one {@code canon lift} or {@code canon lower}: where values live and how
 * strings are encoded, and the handle table of the component instance on the guest side.
 *
 * @param memory null when the function's values need none
 * @param realloc null when the function's values need none
 * @param postReturn null unless given (lift only)
 * @param instance the component instance, to recognise its own resources
 */
public record AbiOptions(
        Memory memory,
        CoreFunc realloc,
        StringEncoding encoding,
        CoreFunc postReturn,
        HandleTable table,
        Object instance) {}
