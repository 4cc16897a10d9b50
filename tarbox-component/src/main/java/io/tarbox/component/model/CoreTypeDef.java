package io.tarbox.component.model;

import com.dylibso.chicory.wasm.types.FunctionType;

/** A core type defined in a component (section 3, or inside a component or instance type). */
public sealed interface CoreTypeDef {
    record Func(FunctionType type) implements CoreTypeDef {}

    /** A module type; its declarations are decoded and checked but not kept (nothing here needs them). */
    record Module(int declarations) implements CoreTypeDef {}
}
