package io.tarbox.component.model;

/** An alias: a new index in {@code sort}'s space for something defined elsewhere. */
public record Alias(Sort sort, Target target) {
    public sealed interface Target {}

    /** An export of a component instance. */
    public record Export(int instance, String name) implements Target {}

    /** An export of a core instance. */
    public record CoreExport(int instance, String name) implements Target {}

    /** Index {@code index} of an enclosing component, {@code count} levels out (0: this one). */
    public record Outer(int count, int index) implements Target {}
}
