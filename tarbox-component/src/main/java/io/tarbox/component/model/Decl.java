package io.tarbox.component.model;

/** A declaration inside a component type or instance type. */
public sealed interface Decl {
    record CoreType(CoreTypeDef type) implements Decl {}

    record Type(TypeDef type) implements Decl {}

    record AliasDecl(Alias alias) implements Decl {}

    record Import(String name, ExternDesc desc) implements Decl {}

    record Export(String name, ExternDesc desc) implements Decl {}
}
