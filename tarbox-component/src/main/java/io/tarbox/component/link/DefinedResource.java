package io.tarbox.component.link;

import io.tarbox.component.abi.CoreFunc;
import io.tarbox.component.types.ResourceType;

/** A resource type a component defines: reps are i32, the destructor a core function of its own. */
final class DefinedResource extends ResourceType {
    private final Object owner;
    private final CoreFunc destructor;

    DefinedResource(String name, Object owner, CoreFunc destructor) {
        super(name);
        this.owner = owner;
        this.destructor = destructor;
    }

    @Override
    public Object implementer() {
        return owner;
    }

    @Override
    public void destroy(Object rep) {
        if (destructor != null) {
            destructor.call((Integer) rep & 0xFFFF_FFFFL);
        }
    }
}
