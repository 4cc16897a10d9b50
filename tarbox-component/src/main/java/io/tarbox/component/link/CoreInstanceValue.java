package io.tarbox.component.link;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import io.tarbox.component.abi.CoreFunc;
import java.util.HashMap;
import java.util.Map;

/**
 * A core instance as a value: a Chicory instance of a core module, or a bag of core exports made
 * by the component. Exports are {@link CoreFunc}, {@code TableInstance}, {@code Memory} or
 * {@code GlobalInstance}.
 */
abstract class CoreInstanceValue {
    /** The export named {@code name}, or null. */
    abstract Object export(String name);

    /** A bag of exports defined by the component ({@code (core instance (export ...))}). */
    static final class Bag extends CoreInstanceValue {
        private final Map<String, Object> exports;

        Bag(Map<String, Object> exports) {
            this.exports = exports;
        }

        @Override
        Object export(String name) {
            return exports.get(name);
        }
    }

    /** An instantiated core module. */
    static final class Module extends CoreInstanceValue {
        final Instance instance;
        private final Map<String, Object> cache = new HashMap<>();

        Module(Instance instance) {
            this.instance = instance;
        }

        @Override
        Object export(String name) {
            Object cached = cache.get(name);
            if (cached != null) {
                return cached;
            }
            Export export = null;
            var section = instance.module().exportSection();
            for (int i = 0; i < section.exportCount(); i++) {
                if (section.getExport(i).name().equals(name)) {
                    export = section.getExport(i);
                    break;
                }
            }
            if (export == null) {
                return null;
            }
            Object value;
            switch (export.exportType()) {
                case FUNCTION: {
                    ExportFunction f = instance.export(name);
                    value = new CoreFunc(instance.exportType(name), (inst, args) -> f.apply(args), instance);
                    break;
                }
                case TABLE:
                    value = instance.exports().table(name);
                    break;
                case MEMORY:
                    value = instance.exports().memory(name);
                    break;
                case GLOBAL:
                    value = instance.exports().global(name);
                    break;
                default:
                    return null;
            }
            cache.put(name, value);
            return value;
        }
    }
}
