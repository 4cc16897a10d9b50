package io.tarbox.component.abi;

/**
 * A value of a variant type: the case's index and its payload (null without one). Enums are plain
 * {@link Integer} case indices, options {@link java.util.Optional}, results {@link ResultValue}.
 */
public record VariantValue(int index, Object value) {}
