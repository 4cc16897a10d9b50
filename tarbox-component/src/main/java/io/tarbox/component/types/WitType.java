package io.tarbox.component.types;

import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.component.model.PrimType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A component value type with its canonical ABI layout ({@code CanonicalABI.md}: alignment,
 * elem_size, flatten), computed once when the type is built. Tuples, enums, options and results
 * keep their own kind (for printing and values) but are laid out as the record or variant they
 * despecialize to.
 */
public abstract class WitType {
    /** What kind of type this is, for switches on the hot path. */
    public enum Kind {
        BOOL,
        S8,
        U8,
        S16,
        U16,
        S32,
        U32,
        S64,
        U64,
        F32,
        F64,
        CHAR,
        STRING,
        LIST,
        RECORD,
        TUPLE,
        VARIANT,
        ENUM,
        OPTION,
        RESULT,
        FLAGS,
        OWN,
        BORROW
    }

    public final Kind kind;
    /** Alignment in linear memory. */
    public final int align;
    /** Size in linear memory. */
    public final int size;
    /** The core types it flattens to. */
    public final ValType[] flat;

    WitType(Kind kind, int align, int size, ValType[] flat) {
        this.kind = kind;
        this.align = align;
        this.size = size;
        this.flat = flat;
    }

    /** Whether values of this type contain strings or lists (and so need memory and realloc). */
    public abstract boolean needsMemory();

    /** Whether values of this type contain a borrow handle. */
    public abstract boolean containsBorrow();

    /** The type as WIT writes it. */
    @Override
    public abstract String toString();

    /** Structural equality (resources by identity). */
    public abstract boolean sameAs(WitType other);

    static int alignTo(int offset, int align) {
        return (offset + align - 1) / align * align;
    }

    // --- primitives ----------------------------------------------------------------------------

    public static final class Primitive extends WitType {
        public final PrimType prim;

        private Primitive(PrimType prim, Kind kind, int size, ValType... flat) {
            super(kind, prim == PrimType.STRING ? 4 : size, size, flat);
            this.prim = prim;
        }

        @Override
        public boolean needsMemory() {
            return prim == PrimType.STRING;
        }

        @Override
        public boolean containsBorrow() {
            return false;
        }

        @Override
        public String toString() {
            return prim.wit();
        }

        @Override
        public boolean sameAs(WitType other) {
            return other instanceof Primitive p && p.prim == prim;
        }
    }

    private static final Primitive[] PRIMITIVES = {
        new Primitive(PrimType.BOOL, Kind.BOOL, 1, ValType.I32),
        new Primitive(PrimType.S8, Kind.S8, 1, ValType.I32),
        new Primitive(PrimType.U8, Kind.U8, 1, ValType.I32),
        new Primitive(PrimType.S16, Kind.S16, 2, ValType.I32),
        new Primitive(PrimType.U16, Kind.U16, 2, ValType.I32),
        new Primitive(PrimType.S32, Kind.S32, 4, ValType.I32),
        new Primitive(PrimType.U32, Kind.U32, 4, ValType.I32),
        new Primitive(PrimType.S64, Kind.S64, 8, ValType.I64),
        new Primitive(PrimType.U64, Kind.U64, 8, ValType.I64),
        new Primitive(PrimType.F32, Kind.F32, 4, ValType.F32),
        new Primitive(PrimType.F64, Kind.F64, 8, ValType.F64),
        new Primitive(PrimType.CHAR, Kind.CHAR, 4, ValType.I32),
        new Primitive(PrimType.STRING, Kind.STRING, 8, ValType.I32, ValType.I32),
    };

    public static Primitive of(PrimType prim) {
        return PRIMITIVES[prim.ordinal()];
    }

    public static final Primitive BOOL = of(PrimType.BOOL);
    public static final Primitive U8 = of(PrimType.U8);
    public static final Primitive U32 = of(PrimType.U32);
    public static final Primitive S32 = of(PrimType.S32);
    public static final Primitive U64 = of(PrimType.U64);
    public static final Primitive S64 = of(PrimType.S64);
    public static final Primitive STRING = of(PrimType.STRING);

    // --- lists ---------------------------------------------------------------------------------

    public static final class ListType extends WitType {
        public final WitType element;

        public ListType(WitType element) {
            super(Kind.LIST, 4, 8, new ValType[] {ValType.I32, ValType.I32});
            this.element = element;
        }

        @Override
        public boolean needsMemory() {
            return true;
        }

        @Override
        public boolean containsBorrow() {
            return element.containsBorrow();
        }

        @Override
        public String toString() {
            return "list<" + element + ">";
        }

        @Override
        public boolean sameAs(WitType other) {
            return other instanceof ListType l && l.element.sameAs(element);
        }
    }

    // --- records and tuples --------------------------------------------------------------------

    /** A record field (or a tuple element, with a null name). */
    public record Field(String name, WitType type) {}

    /** A record, or a tuple (whose fields have no names). */
    public static final class RecordType extends WitType {
        public final List<Field> fields;
        /** Offset of each field in memory. */
        public final int[] offsets;

        private RecordType(Kind kind, List<Field> fields) {
            super(kind, recordAlign(fields), recordSize(fields), concat(fields));
            this.fields = List.copyOf(fields);
            this.offsets = new int[fields.size()];
            int s = 0;
            for (int i = 0; i < fields.size(); i++) {
                WitType t = fields.get(i).type();
                s = alignTo(s, t.align);
                offsets[i] = s;
                s += t.size;
            }
        }

        public static RecordType record(List<Field> fields) {
            return new RecordType(Kind.RECORD, fields);
        }

        public static RecordType tuple(List<WitType> types) {
            List<Field> fields = new ArrayList<>();
            for (WitType t : types) {
                fields.add(new Field(null, t));
            }
            return new RecordType(Kind.TUPLE, fields);
        }

        private static int recordAlign(List<Field> fields) {
            int a = 1;
            for (Field f : fields) {
                a = Math.max(a, f.type().align);
            }
            return a;
        }

        private static int recordSize(List<Field> fields) {
            int s = 0;
            for (Field f : fields) {
                s = alignTo(s, f.type().align);
                s += f.type().size;
            }
            return alignTo(s, recordAlign(fields));
        }

        private static ValType[] concat(List<Field> fields) {
            List<ValType> out = new ArrayList<>();
            for (Field f : fields) {
                out.addAll(List.of(f.type().flat));
            }
            return out.toArray(new ValType[0]);
        }

        @Override
        public boolean needsMemory() {
            return fields.stream().anyMatch(f -> f.type().needsMemory());
        }

        @Override
        public boolean containsBorrow() {
            return fields.stream().anyMatch(f -> f.type().containsBorrow());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(kind == Kind.TUPLE ? "tuple<" : "record { ");
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                if (kind == Kind.RECORD) {
                    b.append(fields.get(i).name()).append(": ");
                }
                b.append(fields.get(i).type());
            }
            return b.append(kind == Kind.TUPLE ? ">" : " }").toString();
        }

        @Override
        public boolean sameAs(WitType other) {
            if (!(other instanceof RecordType r) || r.kind != kind || r.fields.size() != fields.size()) {
                return false;
            }
            for (int i = 0; i < fields.size(); i++) {
                if (!Objects.equals(fields.get(i).name(), r.fields.get(i).name())
                        || !fields.get(i).type().sameAs(r.fields.get(i).type())) {
                    return false;
                }
            }
            return true;
        }
    }

    // --- variants, enums, options, results -----------------------------------------------------

    /** A case; {@code type} is null without a payload. */
    public record Case(String name, WitType type) {}

    /** A variant, or an enum, option or result laid out as one. */
    public static final class VariantType extends WitType {
        public final List<Case> cases;
        /** Size of the discriminant in memory: 1, 2 or 4 bytes. */
        public final int discriminantSize;
        /** Offset of the payload in memory. */
        public final int payloadOffset;

        private VariantType(Kind kind, List<Case> cases) {
            super(kind, variantAlign(cases), variantSize(cases), variantFlat(cases));
            this.cases = List.copyOf(cases);
            this.discriminantSize = discriminantSize(cases.size());
            this.payloadOffset = alignTo(discriminantSize, maxCaseAlign(cases));
        }

        public static VariantType variant(List<Case> cases) {
            return new VariantType(Kind.VARIANT, cases);
        }

        public static VariantType enumeration(List<String> labels) {
            List<Case> cases = new ArrayList<>();
            for (String l : labels) {
                cases.add(new Case(l, null));
            }
            return new VariantType(Kind.ENUM, cases);
        }

        public static VariantType option(WitType some) {
            return new VariantType(Kind.OPTION, List.of(new Case("none", null), new Case("some", some)));
        }

        /** {@code ok} and {@code error} may be null (no payload). */
        public static VariantType result(WitType ok, WitType error) {
            return new VariantType(Kind.RESULT, List.of(new Case("ok", ok), new Case("error", error)));
        }

        static int discriminantSize(int n) {
            return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
        }

        private static int maxCaseAlign(List<Case> cases) {
            int a = 1;
            for (Case c : cases) {
                if (c.type() != null) {
                    a = Math.max(a, c.type().align);
                }
            }
            return a;
        }

        private static int variantAlign(List<Case> cases) {
            return Math.max(discriminantSize(cases.size()), maxCaseAlign(cases));
        }

        private static int variantSize(List<Case> cases) {
            int s = alignTo(discriminantSize(cases.size()), maxCaseAlign(cases));
            int cs = 0;
            for (Case c : cases) {
                if (c.type() != null) {
                    cs = Math.max(cs, c.type().size);
                }
            }
            return alignTo(s + cs, variantAlign(cases));
        }

        private static ValType[] variantFlat(List<Case> cases) {
            List<ValType> flat = new ArrayList<>();
            for (Case c : cases) {
                if (c.type() == null) {
                    continue;
                }
                ValType[] payload = c.type().flat;
                for (int i = 0; i < payload.length; i++) {
                    if (i < flat.size()) {
                        flat.set(i, join(flat.get(i), payload[i]));
                    } else {
                        flat.add(payload[i]);
                    }
                }
            }
            flat.add(0, ValType.I32);
            return flat.toArray(new ValType[0]);
        }

        private static ValType join(ValType a, ValType b) {
            if (a.equals(b)) {
                return a;
            }
            if ((a.equals(ValType.I32) && b.equals(ValType.F32)) || (a.equals(ValType.F32) && b.equals(ValType.I32))) {
                return ValType.I32;
            }
            return ValType.I64;
        }

        /** The index of the case named {@code name}, or -1. */
        public int caseIndex(String name) {
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public boolean needsMemory() {
            return cases.stream().anyMatch(c -> c.type() != null && c.type().needsMemory());
        }

        @Override
        public boolean containsBorrow() {
            return cases.stream().anyMatch(c -> c.type() != null && c.type().containsBorrow());
        }

        @Override
        public String toString() {
            switch (kind) {
                case OPTION:
                    return "option<" + cases.get(1).type() + ">";
                case RESULT: {
                    WitType ok = cases.get(0).type();
                    WitType err = cases.get(1).type();
                    if (ok == null && err == null) {
                        return "result";
                    }
                    return "result<" + (ok == null ? "_" : ok.toString()) + (err == null ? "" : ", " + err) + ">";
                }
                case ENUM: {
                    StringBuilder b = new StringBuilder("enum { ");
                    for (int i = 0; i < cases.size(); i++) {
                        b.append(i > 0 ? ", " : "").append(cases.get(i).name());
                    }
                    return b.append(" }").toString();
                }
                default: {
                    StringBuilder b = new StringBuilder("variant { ");
                    for (int i = 0; i < cases.size(); i++) {
                        Case c = cases.get(i);
                        b.append(i > 0 ? ", " : "").append(c.name());
                        if (c.type() != null) {
                            b.append("(").append(c.type()).append(")");
                        }
                    }
                    return b.append(" }").toString();
                }
            }
        }

        @Override
        public boolean sameAs(WitType other) {
            if (!(other instanceof VariantType v) || v.kind != kind || v.cases.size() != cases.size()) {
                return false;
            }
            for (int i = 0; i < cases.size(); i++) {
                Case a = cases.get(i);
                Case b = v.cases.get(i);
                if (!a.name().equals(b.name())
                        || (a.type() == null) != (b.type() == null)
                        || (a.type() != null && !a.type().sameAs(b.type()))) {
                    return false;
                }
            }
            return true;
        }
    }

    // --- flags ---------------------------------------------------------------------------------

    public static final class FlagsType extends WitType {
        public final List<String> labels;

        public FlagsType(List<String> labels) {
            super(Kind.FLAGS, flagsSize(labels.size()), flagsSize(labels.size()), new ValType[] {ValType.I32});
            this.labels = List.copyOf(labels);
        }

        private static int flagsSize(int n) {
            return n <= 8 ? 1 : n <= 16 ? 2 : 4;
        }

        @Override
        public boolean needsMemory() {
            return false;
        }

        @Override
        public boolean containsBorrow() {
            return false;
        }

        @Override
        public String toString() {
            return "flags { " + String.join(", ", labels) + " }";
        }

        @Override
        public boolean sameAs(WitType other) {
            return other instanceof FlagsType f && f.labels.equals(labels);
        }
    }

    // --- handles -------------------------------------------------------------------------------

    /** own<R> or borrow<R>. */
    public static final class HandleType extends WitType {
        public final ResourceType resource;

        public HandleType(boolean own, ResourceType resource) {
            super(own ? Kind.OWN : Kind.BORROW, 4, 4, new ValType[] {ValType.I32});
            this.resource = resource;
        }

        @Override
        public boolean needsMemory() {
            return false;
        }

        @Override
        public boolean containsBorrow() {
            return kind == Kind.BORROW;
        }

        @Override
        public String toString() {
            return (kind == Kind.OWN ? "own<" : "borrow<") + resource.name() + ">";
        }

        @Override
        public boolean sameAs(WitType other) {
            return other instanceof HandleType h && h.kind == kind && h.resource == resource;
        }
    }
}
