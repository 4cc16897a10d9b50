package io.tarbox.component.model;

/** A {@code valtype} as encoded: a primitive, or an index into the type index space. */
public sealed interface TypeRef {
    record Primitive(PrimType type) implements TypeRef {}

    record Index(int index) implements TypeRef {}
}
