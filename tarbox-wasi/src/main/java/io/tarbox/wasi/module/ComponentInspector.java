package io.tarbox.wasi.module;

import io.tarbox.component.ComponentException;
import io.tarbox.component.link.ComponentDescription;
import io.tarbox.component.link.ComponentLinker;
import io.tarbox.component.link.InterpreterCoreRuntime;
import io.tarbox.component.model.Component;
import io.tarbox.wasi.ModuleLoadException;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.p2.P2Host;
import java.util.List;

/**
 * Describes a WASI 0.2 component for {@code tarbox inspect}: its imports and exports by WIT name
 * with versions and what each holds, its core modules, whether it is a command, and which of its
 * imports Tarbox's WASI 0.2 host does not provide.
 */
public final class ComponentInspector {
    /** A component's description, and the imports {@code tarbox run} would refuse (empty: it can run). */
    public record ComponentInfo(String kind, ComponentDescription component, List<String> unsatisfiedImports) {}

    private ComponentInspector() {}

    public static ComponentInfo inspect(byte[] bytes) throws ModuleLoadException {
        Component component = ComponentLoader.decode(bytes);
        P2Host host = new P2Host(List.of(), List.of(), List.of(), Stdio.none(), RunLimits.NONE, null, null);
        try {
            ComponentDescription description = ComponentLinker.describe(component, new InterpreterCoreRuntime());
            return new ComponentInfo("component", description, ComponentLinker.unsatisfiedImports(component, host));
        } catch (ComponentException e) {
            throw ComponentLoader.loadException(e);
        }
    }
}
