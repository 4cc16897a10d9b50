package io.tarbox.component.link;

import io.tarbox.component.abi.HandleTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An instantiated root component: its exports, ready to be called. */
public final class ComponentInstance {
    private final Map<String, Object> exports;
    private final HandleTable table;

    ComponentInstance(Map<String, Object> exports, HandleTable table) {
        this.exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
        this.table = table;
    }

    public Map<String, Object> exports() {
        return exports;
    }

    /**
     * The exported function named {@code name}: a function exported by the component itself, or
     * {@code INSTANCE#FUNC} for a function of an exported instance (e.g.
     * {@code wasi:cli/run@0.2.6#run}); null when there is none.
     */
    public ComponentFunc function(String name) {
        int hash = name.indexOf('#');
        Object value;
        if (hash >= 0) {
            Object instance = exports.get(name.substring(0, hash));
            value = instance instanceof InstanceValue i ? i.export(name.substring(hash + 1)) : null;
        } else {
            value = exports.get(name);
        }
        return value instanceof ComponentFunc f ? f : null;
    }

    /** Every exported function, by the name {@link #function} takes. */
    public Map<String, ComponentFunc> functions() {
        Map<String, ComponentFunc> out = new LinkedHashMap<>();
        exports.forEach((name, value) -> {
            if (value instanceof ComponentFunc f) {
                out.put(name, f);
            } else if (value instanceof InstanceValue i) {
                i.exports().forEach((n, v) -> {
                    if (v instanceof ComponentFunc f) {
                        out.put(name + "#" + n, f);
                    }
                });
            }
        });
        return out;
    }

    /** Destroys the resources the component still owns handles to (host resources are closed). */
    public void dropAll() {
        for (HandleTable.Handle h : table.owned()) {
            if (h.type.implementer() == null) {
                h.type.destroy(h.rep);
            }
        }
    }
}
