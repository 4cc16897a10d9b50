package io.tarbox.component.wave;

import io.tarbox.component.abi.ResultValue;
import io.tarbox.component.abi.VariantValue;
import io.tarbox.component.types.WitType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WAVE, the WebAssembly Value Encoding (component-model {@code design/mvp/WAVE.md}): component
 * values as text, typed by a {@link WitType}, in the Java representation of
 * {@link io.tarbox.component.abi.Canonical}. Numbers ({@code 42}, {@code -1}, {@code 1.5},
 * {@code nan}, {@code inf}), {@code true}/{@code false}, chars ({@code 'x'}), strings
 * ({@code "a\n"}, the escapes of WAVE.md, e.g. a backslash, u and {1F600} for a code point), lists {@code [1, 2]}, tuples
 * {@code (1, "a")}, records {@code {x: 1, y: 2}} (option fields may be left out), variants and
 * enums by case name ({@code circle(1.5)}, {@code red}), options {@code some(x)}/{@code none},
 * results {@code ok(x)}/{@code err(e)}/{@code ok}/{@code err}, flags {@code {read, write}}.
 * Resources have no WAVE form.
 */
public final class Wave {
    private Wave() {}

    /** Parses {@code text} as a value of {@code type}. */
    public static Object parse(WitType type, String text) throws WaveException {
        WaveReader r = new WaveReader(text);
        Object value = new Wave.Parser(r).value(type);
        r.skipSpace();
        if (!r.atEnd()) {
            throw r.error("unexpected text after the value");
        }
        return value;
    }

    /** Writes a value of {@code type} as WAVE. */
    public static String format(WitType type, Object value) {
        StringBuilder out = new StringBuilder();
        WaveWriter.write(type, value, out);
        return out.toString();
    }

    private static final class Parser {
        private final WaveReader r;

        Parser(WaveReader r) {
            this.r = r;
        }

        Object value(WitType t) throws WaveException {
            r.skipSpace();
            switch (t.kind) {
                case BOOL: {
                    String word = r.label();
                    if (word.equals("true") || word.equals("false")) {
                        return word.equals("true");
                    }
                    throw r.error("expected true or false");
                }
                case S8:
                    return (int) r.integer(-128, 127);
                case U8:
                    return (int) r.integer(0, 255);
                case S16:
                    return (int) r.integer(-32768, 32767);
                case U16:
                    return (int) r.integer(0, 65535);
                case S32:
                    return (int) r.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
                case U32:
                    return (int) r.integer(0, 0xFFFF_FFFFL);
                case S64:
                    return r.integer(Long.MIN_VALUE, Long.MAX_VALUE);
                case U64:
                    return r.unsigned64();
                case F32:
                    return (float) r.floating();
                case F64:
                    return r.floating();
                case CHAR:
                    return r.charLiteral();
                case STRING:
                    return r.stringLiteral();
                case LIST: {
                    WitType element = ((WitType.ListType) t).element;
                    List<Object> items = sequence('[', ']', element);
                    if (element.kind == WitType.Kind.U8) {
                        byte[] bytes = new byte[items.size()];
                        for (int i = 0; i < bytes.length; i++) {
                            bytes[i] = (byte) (int) (Integer) items.get(i);
                        }
                        return bytes;
                    }
                    return items;
                }
                case TUPLE: {
                    List<WitType.Field> fields = ((WitType.RecordType) t).fields;
                    r.expect('(');
                    Object[] out = new Object[fields.size()];
                    for (int i = 0; i < out.length; i++) {
                        if (i > 0) {
                            r.expect(',');
                        }
                        out[i] = value(fields.get(i).type());
                    }
                    r.skipSpace();
                    r.accept(',');
                    r.expect(')');
                    return out;
                }
                case RECORD:
                    return record((WitType.RecordType) t);
                case FLAGS:
                    return flags((WitType.FlagsType) t);
                case ENUM:
                case VARIANT:
                case OPTION:
                case RESULT:
                    return variant((WitType.VariantType) t);
                default:
                    throw r.error("a " + t + " cannot be written in WAVE");
            }
        }

        private List<Object> sequence(char open, char close, WitType element) throws WaveException {
            r.expect(open);
            List<Object> items = new ArrayList<>();
            r.skipSpace();
            if (r.accept(close)) {
                return items;
            }
            while (true) {
                items.add(value(element));
                r.skipSpace();
                if (r.accept(close)) {
                    return items;
                }
                r.expect(',');
                r.skipSpace();
                if (r.accept(close)) {
                    return items;
                }
            }
        }

        private Object[] record(WitType.RecordType t) throws WaveException {
            r.expect('{');
            Map<String, Object> given = new HashMap<>();
            r.skipSpace();
            if (!r.accept('}')) {
                while (true) {
                    r.skipSpace();
                    String name = r.label();
                    WitType.Field field = null;
                    for (WitType.Field f : t.fields) {
                        if (f.name().equals(name)) {
                            field = f;
                        }
                    }
                    if (field == null) {
                        throw r.error("no field '" + name + "' in " + t);
                    }
                    if (given.containsKey(name)) {
                        throw r.error("field '" + name + "' given twice");
                    }
                    r.expect(':');
                    given.put(name, value(field.type()));
                    r.skipSpace();
                    if (r.accept('}')) {
                        break;
                    }
                    r.expect(',');
                    r.skipSpace();
                    if (r.accept('}')) {
                        break;
                    }
                }
            }
            Object[] out = new Object[t.fields.size()];
            for (int i = 0; i < out.length; i++) {
                WitType.Field f = t.fields.get(i);
                if (given.containsKey(f.name())) {
                    out[i] = given.get(f.name());
                } else if (f.type().kind == WitType.Kind.OPTION) {
                    out[i] = Optional.empty();
                } else {
                    throw r.error("field '" + f.name() + "' missing");
                }
            }
            return out;
        }

        private Integer flags(WitType.FlagsType t) throws WaveException {
            r.expect('{');
            int bits = 0;
            r.skipSpace();
            if (r.accept('}')) {
                return 0;
            }
            while (true) {
                r.skipSpace();
                String name = r.label();
                int i = t.labels.indexOf(name);
                if (i < 0) {
                    throw r.error("no flag '" + name + "' in " + t);
                }
                bits |= 1 << i;
                r.skipSpace();
                if (r.accept('}')) {
                    return bits;
                }
                r.expect(',');
            }
        }

        private Object variant(WitType.VariantType t) throws WaveException {
            String name = r.label();
            if (t.kind == WitType.Kind.RESULT && name.equals("err")) {
                name = "error";
            }
            int index = t.caseIndex(name);
            if (index < 0) {
                throw r.error("no case '" + name + "' in " + t);
            }
            WitType payload = t.cases.get(index).type();
            Object value = null;
            r.skipSpace();
            if (payload != null) {
                r.expect('(');
                value = value(payload);
                r.skipSpace();
                r.expect(')');
            }
            switch (t.kind) {
                case ENUM:
                    return index;
                case OPTION:
                    return index == 0 ? Optional.empty() : Optional.of(value);
                case RESULT:
                    return index == 0 ? ResultValue.ok(value) : ResultValue.error(value);
                default:
                    return new VariantValue(index, value);
            }
        }
    }
}
