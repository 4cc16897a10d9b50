package io.tarbox.component.model;

import java.util.List;

/**
 * One definition of a component, in binary order: each adds to an index space (see
 * {@link #sort()}), and the order is the order of instantiation.
 */
public sealed interface Definition {
    /** The index space this definition adds to, or null (a start without results). */
    Sort sort();

    /** A core module, kept as its bytes (decoded by Chicory when it is instantiated). */
    record CoreModule(byte[] bytes, int offset) implements Definition {
        @Override
        public Sort sort() {
            return Sort.CORE_MODULE;
        }
    }

    /** A core instance: a module instantiated with named instances, or a bag of exports. */
    sealed interface CoreInstance extends Definition {
        @Override
        default Sort sort() {
            return Sort.CORE_INSTANCE;
        }
    }

    record CoreInstantiate(int module, List<CoreArg> args) implements CoreInstance {}

    record CoreArg(String name, int instance) {}

    record CoreExports(List<CoreExport> exports) implements CoreInstance {}

    record CoreExport(String name, Sort sort, int index) {}

    record CoreType(CoreTypeDef type) implements Definition {
        @Override
        public Sort sort() {
            return Sort.CORE_TYPE;
        }
    }

    /** A nested component. */
    record Nested(Component component) implements Definition {
        @Override
        public Sort sort() {
            return Sort.COMPONENT;
        }
    }

    /** A component instance: a component instantiated with named arguments, or a bag of exports. */
    sealed interface Instance extends Definition {
        @Override
        default Sort sort() {
            return Sort.INSTANCE;
        }
    }

    record Instantiate(int component, List<Arg> args) implements Instance {}

    record Arg(String name, Sort sort, int index) {}

    record Exports(List<Arg> exports) implements Instance {}

    record AliasDef(Alias alias) implements Definition {
        @Override
        public Sort sort() {
            return alias.sort();
        }
    }

    record Type(TypeDef type) implements Definition {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    /** A canonical function: lift and lower define a func and a core func, the resource built-ins a core func. */
    sealed interface Canon extends Definition {}

    record Lift(int coreFunc, CanonOptions options, int type) implements Canon {
        @Override
        public Sort sort() {
            return Sort.FUNC;
        }
    }

    record Lower(int func, CanonOptions options) implements Canon {
        @Override
        public Sort sort() {
            return Sort.CORE_FUNC;
        }
    }

    record ResourceNew(int type) implements Canon {
        @Override
        public Sort sort() {
            return Sort.CORE_FUNC;
        }
    }

    record ResourceDrop(int type) implements Canon {
        @Override
        public Sort sort() {
            return Sort.CORE_FUNC;
        }
    }

    record ResourceRep(int type) implements Canon {
        @Override
        public Sort sort() {
            return Sort.CORE_FUNC;
        }
    }

    /** A start function; it takes no value arguments here (values are not supported). */
    record Start(int func) implements Definition {
        @Override
        public Sort sort() {
            return null;
        }
    }

    record Import(String name, ExternDesc desc) implements Definition {
        @Override
        public Sort sort() {
            return desc.sort();
        }
    }

    /** An export; it adds an index aliasing what it exports, as the binary format says. */
    record Export(String name, Sort exported, int index, ExternDesc desc) implements Definition {
        @Override
        public Sort sort() {
            return exported;
        }
    }
}
