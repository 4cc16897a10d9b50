package io.tarbox.component.model;

import java.util.ArrayList;
import java.util.List;

/** A decoded (and validated) component: its definitions in binary order. */
public record Component(List<Definition> definitions) {
    public Component {
        definitions = List.copyOf(definitions);
    }

    public List<Definition.Import> imports() {
        List<Definition.Import> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (d instanceof Definition.Import i) {
                out.add(i);
            }
        }
        return out;
    }

    public List<Definition.Export> exports() {
        List<Definition.Export> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (d instanceof Definition.Export e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The core modules defined directly in this component (not in nested ones). */
    public List<Definition.CoreModule> coreModules() {
        List<Definition.CoreModule> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (d instanceof Definition.CoreModule m) {
                out.add(m);
            }
        }
        return out;
    }
}
