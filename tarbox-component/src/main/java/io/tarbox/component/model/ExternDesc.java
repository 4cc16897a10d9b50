package io.tarbox.component.model;

/** What an import or export is, as declared: its sort and type. */
public sealed interface ExternDesc {
    record CoreModule(int coreType) implements ExternDesc {}

    record Func(int type) implements ExternDesc {}

    /** {@code (type (eq i))}; {@code eq} is null for {@code (type (sub resource))}. */
    record Type(Integer eq) implements ExternDesc {}

    record Component(int type) implements ExternDesc {}

    record Instance(int type) implements ExternDesc {}

    /** The sort this description declares. */
    default Sort sort() {
        if (this instanceof CoreModule) {
            return Sort.CORE_MODULE;
        } else if (this instanceof Func) {
            return Sort.FUNC;
        } else if (this instanceof Type) {
            return Sort.TYPE;
        } else if (this instanceof Component) {
            return Sort.COMPONENT;
        }
        return Sort.INSTANCE;
    }
}
