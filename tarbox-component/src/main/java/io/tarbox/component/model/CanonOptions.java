package io.tarbox.component.model;

/**
 * The options of a {@code canon lift} or {@code canon lower}; absent ones are null.
 *
 * @param encoding how strings are encoded in memory (UTF-8 by default)
 * @param memory a core memory index
 * @param realloc a core func index of type (i32 i32 i32 i32) -> i32
 * @param postReturn a core func index (lift only)
 */
public record CanonOptions(StringEncoding encoding, Integer memory, Integer realloc, Integer postReturn) {
    /** The string encodings of the canonical ABI. */
    public enum StringEncoding {
        UTF8,
        UTF16,
        LATIN1_UTF16
    }

    public static final CanonOptions NONE = new CanonOptions(StringEncoding.UTF8, null, null, null);
}
