package io.tarbox.wasi;

import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.WitType;
import java.util.List;

/** Placeholder: WAVE arguments and results of --invoke on a component (stage 5). */
final class InvokeValues {
    private InvokeValues() {}

    static Object[] parse(FuncType type, List<String> args, String function) {
        if (!type.params.isEmpty() || !args.isEmpty()) {
            throw new IllegalArgumentException("--invoke of a component function with arguments is not supported yet");
        }
        return new Object[0];
    }

    static String format(WitType type, Object value) {
        return String.valueOf(value);
    }
}
