package io.tarbox.wasi.module;

import io.tarbox.component.ComponentException;
import io.tarbox.component.binary.ComponentDecoder;
import io.tarbox.component.model.Component;
import io.tarbox.wasi.ModuleLoadException;

/**
 * Decodes component bytes, and the one mapping of component errors to module-load errors (for the
 * CLI: exit code 6, as an invalid module).
 */
public final class ComponentLoader {
    private ComponentLoader() {}

    /** Whether {@code bytes} are a component (binary layer 1) rather than a core module. */
    public static boolean isComponent(byte[] bytes) {
        return ComponentDecoder.isComponent(bytes);
    }

    public static Component decode(byte[] bytes) throws ModuleLoadException {
        try {
            return ComponentDecoder.decode(bytes);
        } catch (ComponentException e) {
            throw loadException(e);
        }
    }

    public static ModuleLoadException loadException(ComponentException e) {
        ModuleLoadException.Reason reason = switch (e.kind()) {
            case TRUNCATED -> ModuleLoadException.Reason.TRUNCATED;
            case MALFORMED -> ModuleLoadException.Reason.MALFORMED;
            case INVALID -> ModuleLoadException.Reason.INVALID;
            case UNSUPPORTED -> ModuleLoadException.Reason.UNSUPPORTED;
            case UNSATISFIED_IMPORTS -> ModuleLoadException.Reason.UNSATISFIED_IMPORTS;
            case NO_ENTRY_POINT -> ModuleLoadException.Reason.NO_ENTRY_POINT;
        };
        return new ModuleLoadException(reason, e.getMessage(), e);
    }
}
