package io.tarbox.component.wave;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.abi.VariantValue;
import io.tarbox.component.types.WitType;
import java.util.List;
import java.util.Optional;

/** Writes component values as WAVE text. */
final class WaveWriter {
    private WaveWriter() {}

    static void write(WitType t, Object v, StringBuilder out) {
        switch (t.kind) {
            case BOOL:
                out.append(((Boolean) v) ? "true" : "false");
                break;
            case S8:
            case S16:
            case S32:
                out.append((int) (Integer) v);
                break;
            case U8:
            case U16:
                out.append((int) (Integer) v);
                break;
            case U32:
                out.append(Integer.toUnsignedString((Integer) v));
                break;
            case S64:
                out.append((long) (Long) v);
                break;
            case U64:
                out.append(Long.toUnsignedString((Long) v));
                break;
            case F32:
                number(((Float) v).doubleValue(), Float.toString((Float) v), out);
                break;
            case F64:
                number((Double) v, Double.toString((Double) v), out);
                break;
            case CHAR:
                out.append('\'');
                escape((Integer) v, '\'', out);
                out.append('\'');
                break;
            case STRING:
                out.append('"');
                ((String) v).codePoints().forEach(c -> escape(c, '"', out));
                out.append('"');
                break;
            case LIST: {
                WitType element = ((WitType.ListType) t).element;
                out.append('[');
                if (v instanceof byte[] bytes) {
                    for (int i = 0; i < bytes.length; i++) {
                        out.append(i > 0 ? ", " : "").append(bytes[i] & 0xFF);
                    }
                } else {
                    List<?> items = (List<?>) v;
                    for (int i = 0; i < items.size(); i++) {
                        out.append(i > 0 ? ", " : "");
                        write(element, items.get(i), out);
                    }
                }
                out.append(']');
                break;
            }
            case TUPLE:
            case RECORD: {
                WitType.RecordType r = (WitType.RecordType) t;
                Object[] values = (Object[]) v;
                out.append(t.kind == WitType.Kind.TUPLE ? '(' : '{');
                for (int i = 0; i < values.length; i++) {
                    out.append(i > 0 ? ", " : "");
                    if (t.kind == WitType.Kind.RECORD) {
                        out.append(label(r.fields.get(i).name())).append(": ");
                    }
                    write(r.fields.get(i).type(), values[i], out);
                }
                out.append(t.kind == WitType.Kind.TUPLE ? ')' : '}');
                break;
            }
            case FLAGS: {
                List<String> labels = ((WitType.FlagsType) t).labels;
                int bits = (Integer) v;
                out.append('{');
                boolean first = true;
                for (int i = 0; i < labels.size(); i++) {
                    if ((bits & (1 << i)) != 0) {
                        out.append(first ? "" : ", ").append(label(labels.get(i)));
                        first = false;
                    }
                }
                out.append('}');
                break;
            }
            case ENUM:
                out.append(
                        label(((WitType.VariantType) t).cases.get((Integer) v).name()));
                break;
            case OPTION: {
                Optional<?> o = (Optional<?>) v;
                if (o.isEmpty()) {
                    out.append("none");
                } else {
                    out.append("some(");
                    write(((WitType.VariantType) t).cases.get(1).type(), o.get(), out);
                    out.append(')');
                }
                break;
            }
            case RESULT: {
                ResultValue r = (ResultValue) v;
                WitType payload =
                        ((WitType.VariantType) t).cases.get(r.isOk() ? 0 : 1).type();
                out.append(r.isOk() ? "ok" : "err");
                if (payload != null) {
                    out.append('(');
                    write(payload, r.value(), out);
                    out.append(')');
                }
                break;
            }
            case VARIANT: {
                VariantValue vv = (VariantValue) v;
                WitType.Case c = ((WitType.VariantType) t).cases.get(vv.index());
                out.append(label(c.name()));
                if (c.type() != null) {
                    out.append('(');
                    write(c.type(), vv.value(), out);
                    out.append(')');
                }
                break;
            }
            default:
                out.append(t).append("(handle)");
        }
    }

    private static final java.util.Set<String> KEYWORDS =
            java.util.Set.of("true", "false", "inf", "nan", "some", "none", "ok", "err");

    private static String label(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }

    private static void number(double d, String text, StringBuilder out) {
        if (Double.isNaN(d)) {
            out.append("nan");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "inf" : "-inf");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(text);
        }
    }

    private static void escape(int c, char quote, StringBuilder out) {
        switch (c) {
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\\':
                out.append("\\\\");
                break;
            default:
                if (c == quote) {
                    out.append('\\').appendCodePoint(c);
                } else if (c < 0x20 || c == 0x7f) {
                    out.append("\\u{").append(Integer.toHexString(c)).append('}');
                } else {
                    out.appendCodePoint(c);
                }
        }
    }
}
