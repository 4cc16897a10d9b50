package io.tarbox.wasi.p2;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.abi.VariantValue;
import io.tarbox.component.link.HostFunc;
import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.WitType;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.RunTrace.Arg;
import io.tarbox.wasi.host.ProcExit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Traces WASI 0.2 host calls ({@code run --trace} of a component): each function by its WIT name
 * ({@code wasi:filesystem/types#[method]descriptor.open-at}), its arguments named as the
 * component's import type names them and shown by their WIT types (strings quoted, flags and enum
 * cases by name, a descriptor by its path, a {@code list<u8>} by its length), the error case by
 * name ({@code no-entry}) or {@code ok} and what it returned, and the duration. Bound by
 * {@link P2Host#bind} only when the run is traced.
 */
final class P2Trace {
    /** Lists and strings longer than this are cut in the trace. */
    private static final int MAX_ITEMS = 16;

    private P2Trace() {}

    static HostFunc wrap(String fn, FuncType type, HostFunc body, RunTrace trace) {
        return args -> {
            List<Arg> decoded = new ArrayList<>(args.length);
            for (int i = 0; i < args.length && i < type.params.size(); i++) {
                FuncType.Param p = type.params.get(i);
                decoded.add(arg(p.name(), p.type(), args[i]));
            }
            long start = System.nanoTime();
            Object result;
            try {
                result = body.call(args);
            } catch (RuntimeException | Error e) {
                trace.call(fn, decoded, null, List.of(), System.nanoTime() - start, unwound(e));
                throw e;
            }
            long nanos = System.nanoTime() - start;
            String error = null;
            List<Arg> results = List.of();
            if (type.result != null && type.result.kind == WitType.Kind.RESULT && result instanceof ResultValue r) {
                WitType.VariantType rt = (WitType.VariantType) type.result;
                if (r.isOk()) {
                    WitType ok = rt.cases.get(0).type();
                    results = ok == null ? List.of() : List.of(arg("ok", ok, r.value()));
                } else {
                    error = errorName(rt.cases.get(1).type(), r.value());
                }
            } else if (type.result != null) {
                results = List.of(arg("result", type.result, result));
            }
            trace.call(fn, decoded, error, results, nanos, null);
            return result;
        };
    }

    private static String unwound(Throwable e) {
        if (e instanceof ProcExit exit) {
            return "exit(" + exit.code + ")";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** An error's name: an enum case ({@code no-entry}), a variant's case ({@code closed}), else its text. */
    private static String errorName(WitType type, Object value) {
        if (type == null) {
            return "error";
        }
        if (type.kind == WitType.Kind.ENUM && value instanceof Integer i) {
            return ((WitType.VariantType) type).cases.get(i).name();
        }
        if (type.kind == WitType.Kind.VARIANT && value instanceof VariantValue v) {
            return ((WitType.VariantType) type).cases.get(v.index()).name();
        }
        return format(type, value);
    }

    private static Arg arg(String name, WitType type, Object value) {
        return switch (type.kind) {
            case S8, U8, S16, U16, S32 -> Arg.number(name, (Integer) value);
            case U32 -> Arg.number(name, Integer.toUnsignedLong((Integer) value));
            case S64, U64 -> Arg.number(name, (Long) value);
            case STRING -> Arg.text(name, (String) value);
            default -> Arg.symbol(name, format(type, value));
        };
    }

    /** A value as WAVE-like text, short: long lists by their length, resources by what they name. */
    static String format(WitType type, Object value) {
        StringBuilder out = new StringBuilder();
        write(type, value, out);
        return out.toString();
    }

    private static void write(WitType t, Object v, StringBuilder out) {
        if (v == null && t.kind != WitType.Kind.OPTION) {
            out.append("null");
            return;
        }
        switch (t.kind) {
            case BOOL, S8, S16, S32, S64, U8, U16, F32, F64 -> out.append(v);
            case U32 -> out.append(Integer.toUnsignedString((Integer) v));
            case U64 -> out.append(Long.toUnsignedString((Long) v));
            case CHAR -> out.append('\'').appendCodePoint((Integer) v).append('\'');
            case STRING -> out.append('"').append((String) v).append('"');
            case LIST -> {
                if (v instanceof byte[] bytes) {
                    out.append('<').append(bytes.length).append(" bytes>");
                } else {
                    List<?> items = (List<?>) v;
                    WitType element = ((WitType.ListType) t).element;
                    out.append('[');
                    for (int i = 0; i < items.size() && i < MAX_ITEMS; i++) {
                        out.append(i > 0 ? ", " : "");
                        write(element, items.get(i), out);
                    }
                    out.append(items.size() > MAX_ITEMS ? ", ... " + items.size() + " items]" : "]");
                }
            }
            case RECORD, TUPLE -> {
                WitType.RecordType r = (WitType.RecordType) t;
                Object[] values = (Object[]) v;
                out.append(t.kind == WitType.Kind.TUPLE ? '(' : '{');
                for (int i = 0; i < values.length; i++) {
                    out.append(i > 0 ? ", " : "");
                    if (t.kind == WitType.Kind.RECORD) {
                        out.append(r.fields.get(i).name()).append(": ");
                    }
                    write(r.fields.get(i).type(), values[i], out);
                }
                out.append(t.kind == WitType.Kind.TUPLE ? ')' : '}');
            }
            case FLAGS -> {
                List<String> labels = ((WitType.FlagsType) t).labels;
                int bits = (Integer) v;
                List<String> set = new ArrayList<>();
                for (int i = 0; i < labels.size(); i++) {
                    if ((bits & (1 << i)) != 0) {
                        set.add(labels.get(i));
                    }
                }
                out.append('{').append(String.join(", ", set)).append('}');
            }
            case ENUM ->
                out.append(((WitType.VariantType) t).cases.get((Integer) v).name());
            case OPTION -> {
                Optional<?> o = (Optional<?>) v;
                if (o.isEmpty()) {
                    out.append("none");
                } else {
                    out.append("some(");
                    write(((WitType.VariantType) t).cases.get(1).type(), o.get(), out);
                    out.append(')');
                }
            }
            case RESULT -> {
                ResultValue r = (ResultValue) v;
                WitType payload =
                        ((WitType.VariantType) t).cases.get(r.isOk() ? 0 : 1).type();
                out.append(r.isOk() ? "ok" : "err");
                if (payload != null) {
                    out.append('(');
                    write(payload, r.value(), out);
                    out.append(')');
                }
            }
            case VARIANT -> {
                VariantValue variant = (VariantValue) v;
                WitType.Case c = ((WitType.VariantType) t).cases.get(variant.index());
                out.append(c.name());
                if (c.type() != null) {
                    out.append('(');
                    write(c.type(), variant.value(), out);
                    out.append(')');
                }
            }
            case OWN, BORROW -> out.append(resource(v));
        }
    }

    /** A resource by what it names: a descriptor by its guest path, others by their kind. */
    private static String resource(Object rep) {
        if (rep instanceof P2Descriptor d) {
            return "descriptor<" + d.guestPath + ">";
        }
        if (rep instanceof IoError e) {
            return "error<"
                    + (e.code() == null
                            ? ""
                            : e.code().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) + ">";
        }
        String kind = rep.getClass().getSimpleName();
        String outer = rep.getClass().getEnclosingClass() == null
                ? ""
                : rep.getClass().getEnclosingClass().getSimpleName();
        return (outer.isEmpty() ? kind : outer + "." + kind).replace("P2", "").toLowerCase(java.util.Locale.ROOT);
    }
}
