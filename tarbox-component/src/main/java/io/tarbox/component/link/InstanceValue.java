package io.tarbox.component.link;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component instance as a value: its exports by name. An export is a {@link ComponentFunc}, a
 * type ({@link io.tarbox.component.types.WitType}, {@link io.tarbox.component.types.ResourceType},
 * {@link io.tarbox.component.types.FuncType}), another InstanceValue, or a component or core module.
 */
public final class InstanceValue {
    private final Map<String, Object> exports;

    public InstanceValue(Map<String, Object> exports) {
        this.exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }

    public Object export(String name) {
        return exports.get(name);
    }

    public Map<String, Object> exports() {
        return exports;
    }
}
