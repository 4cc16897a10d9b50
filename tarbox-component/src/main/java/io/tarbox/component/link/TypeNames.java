package io.tarbox.component.link;

import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.ResourceType;
import io.tarbox.component.types.WitType;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes types in WIT syntax using the names they were exported under ({@code error-code} rather
 * than the 37 cases of its enum), for descriptions.
 */
final class TypeNames {
    private final Map<Object, String> names = new IdentityHashMap<>();

    void name(Object type, String name) {
        // Primitives are shared instances: naming one would rename every use of it.
        if (type != null && !(type instanceof ResourceType) && !(type instanceof WitType.Primitive)) {
            names.putIfAbsent(type, name);
        }
    }

    String of(FuncType f) {
        StringBuilder b = new StringBuilder("func(");
        for (int i = 0; i < f.params.size(); i++) {
            b.append(i > 0 ? ", " : "")
                    .append(f.params.get(i).name())
                    .append(": ")
                    .append(of(f.params.get(i).type()));
        }
        b.append(")");
        if (f.result != null) {
            b.append(" -> ").append(of(f.result));
        }
        return b.toString();
    }

    /** The definition of a named type itself (not just its name). */
    String definition(WitType t) {
        String name = names.remove(t);
        try {
            return of(t);
        } finally {
            if (name != null) {
                names.put(t, name);
            }
        }
    }

    String of(WitType t) {
        String name = names.get(t);
        if (name != null) {
            return name;
        }
        switch (t.kind) {
            case LIST:
                return "list<" + of(((WitType.ListType) t).element) + ">";
            case TUPLE: {
                StringBuilder b = new StringBuilder("tuple<");
                var fields = ((WitType.RecordType) t).fields;
                for (int i = 0; i < fields.size(); i++) {
                    b.append(i > 0 ? ", " : "").append(of(fields.get(i).type()));
                }
                return b.append(">").toString();
            }
            case RECORD: {
                StringBuilder b = new StringBuilder("record { ");
                var fields = ((WitType.RecordType) t).fields;
                for (int i = 0; i < fields.size(); i++) {
                    b.append(i > 0 ? ", " : "")
                            .append(fields.get(i).name())
                            .append(": ")
                            .append(of(fields.get(i).type()));
                }
                return b.append(" }").toString();
            }
            case OPTION:
                return "option<" + of(((WitType.VariantType) t).cases.get(1).type()) + ">";
            case RESULT: {
                WitType ok = ((WitType.VariantType) t).cases.get(0).type();
                WitType err = ((WitType.VariantType) t).cases.get(1).type();
                if (ok == null && err == null) {
                    return "result";
                }
                return "result<" + (ok == null ? "_" : of(ok)) + (err == null ? "" : ", " + of(err)) + ">";
            }
            case VARIANT: {
                StringBuilder b = new StringBuilder("variant { ");
                var cases = ((WitType.VariantType) t).cases;
                for (int i = 0; i < cases.size(); i++) {
                    b.append(i > 0 ? ", " : "").append(cases.get(i).name());
                    if (cases.get(i).type() != null) {
                        b.append("(").append(of(cases.get(i).type())).append(")");
                    }
                }
                return b.append(" }").toString();
            }
            default:
                return t.toString();
        }
    }
}
