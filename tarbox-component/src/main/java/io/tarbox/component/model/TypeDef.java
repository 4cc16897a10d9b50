package io.tarbox.component.model;

import java.util.List;

/** A type definition as encoded (section 7, or inside a component or instance type). */
public sealed interface TypeDef {
    /** A named field, parameter or case. */
    record Labeled(String label, TypeRef type) {}

    /** A variant case; {@code type} is null without a payload. */
    record Case(String label, TypeRef type) {}

    record Prim(PrimType type) implements TypeDef {}

    record Record(List<Labeled> fields) implements TypeDef {}

    record Variant(List<Case> cases) implements TypeDef {}

    record ListOf(TypeRef element) implements TypeDef {}

    record Tuple(List<TypeRef> types) implements TypeDef {}

    record Flags(List<String> labels) implements TypeDef {}

    record Enum(List<String> labels) implements TypeDef {}

    record Option(TypeRef type) implements TypeDef {}

    /** {@code ok} and {@code error} are null when absent. */
    record Result(TypeRef ok, TypeRef error) implements TypeDef {}

    record Own(int resource) implements TypeDef {}

    record Borrow(int resource) implements TypeDef {}

    /** {@code results} holds zero or one unnamed type, or named results (a pre-2024 encoding). */
    record Func(List<Labeled> params, List<Labeled> results) implements TypeDef {}

    record ComponentType(List<Decl> decls) implements TypeDef {}

    record InstanceType(List<Decl> decls) implements TypeDef {}

    /** {@code (resource (rep i32) (dtor f)?)}; {@code destructor} is a core func index or null. */
    record Resource(Integer destructor) implements TypeDef {}
}
