package io.tarbox.component.types;

/**
 * A resource type. Resource types are generative: each definition (or host interface) makes a new
 * one, equal only to itself. A handle's representation ("rep") is a Java object for resources the
 * host implements and an i32 (an {@link Integer}) for resources a component defines.
 */
public class ResourceType {
    private final String name;

    public ResourceType(String name) {
        this.name = name;
    }

    /** The name it was declared with (for messages). */
    public String name() {
        return name;
    }

    /**
     * Called when the last owning handle is dropped ({@code resource.drop} of an own handle).
     * Nothing by default.
     */
    public void destroy(Object rep) {}

    /**
     * The component instance that implements this resource (its reps are i32 there), or null for
     * a resource the host implements.
     */
    public Object implementer() {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
