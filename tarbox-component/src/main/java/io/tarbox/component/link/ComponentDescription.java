package io.tarbox.component.link;

import java.util.List;

/**
 * What a component is made of, for {@code tarbox inspect}: its imports and exports by name (with
 * versions, e.g. {@code wasi:filesystem/types@0.2.6}) and what each holds, its core modules, and
 * whether it is a WASI command (exports {@code wasi:cli/run} with a {@code run} function).
 */
public record ComponentDescription(
        List<Item> imports, List<Item> exports, List<CoreModule> coreModules, boolean command) {

    /**
     * An import or export.
     *
     * @param kind "instance", "func", "type", "component" or "module"
     * @param type for a func: its type in WIT syntax; null otherwise
     * @param members for an instance: its functions and types
     */
    public record Item(String name, String kind, String type, List<Member> members) {}

    /** A function ({@code type} in WIT syntax, named types by their names) or a type of an instance. */
    public record Member(String name, String kind, String type) {}

    /** A core module inside the component (nested components' included), in binary order. */
    public record CoreModule(int index, int size, int imports, int exports, int functions) {}
}
