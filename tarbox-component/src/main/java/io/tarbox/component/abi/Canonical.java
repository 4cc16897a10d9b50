package io.tarbox.component.abi;

import com.dylibso.chicory.runtime.Memory;
import io.tarbox.component.model.CanonOptions.StringEncoding;
import io.tarbox.component.types.WitType;
import io.tarbox.component.types.WitType.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lifting and lowering of component values for one call, as {@code CanonicalABI.md} defines them
 * (synchronous: no async, streams or futures). Java values: bool {@link Boolean}; s8, u8, s16, u16,
 * s32, u32 {@link Integer} (u32 as its bits); s64, u64 {@link Long}; f32 {@link Float}; f64
 * {@link Double}; char {@link Integer} (a code point); string {@link String}; list&lt;u8&gt;
 * {@code byte[]}, other lists {@link List}; records and tuples {@code Object[]}; variants
 * {@link VariantValue}; enums {@link Integer}; options {@link Optional}; results
 * {@link ResultValue}; flags {@link Integer} (a bit set); own and borrow handles the resource's rep.
 *
 * <p>Core values travel as longs, 32-bit ones zero-extended, f32 and f64 as their bits, which is
 * how Chicory passes them; so the variant "join" coercions reduce to taking the low 32 bits.
 */
public final class Canonical {
    private final AbiOptions options;
    private final Memory memory;
    private final HandleTable.CallScope scope;

    public Canonical(AbiOptions options, HandleTable.CallScope scope) {
        this.options = options;
        this.memory = options.memory();
        this.scope = scope;
    }

    // --- flat values ---------------------------------------------------------------------------

    /** Reads consecutive core values. */
    public static final class FlatIn {
        private final long[] values;
        private int position;

        public FlatIn(long[] values) {
            this.values = values;
        }

        long next() {
            return values[position++];
        }

        void skip(int n) {
            position += n;
        }
    }

    /** Collects core values. */
    public static final class FlatOut {
        private final long[] values;
        private int position;

        public FlatOut(int size) {
            this.values = new long[size];
        }

        void add(long v) {
            values[position++] = v;
        }

        void pad(int n) {
            position += n;
        }

        public long[] values() {
            return values;
        }
    }

    public Object liftFlat(WitType t, FlatIn in) {
        switch (t.kind) {
            case BOOL:
                return (int) in.next() != 0;
            case S8:
                return (int) (byte) in.next();
            case U8:
                return (int) in.next() & 0xFF;
            case S16:
                return (int) (short) in.next();
            case U16:
                return (int) in.next() & 0xFFFF;
            case S32:
            case U32:
                return (int) in.next();
            case S64:
            case U64:
                return in.next();
            case F32:
                return Float.intBitsToFloat((int) in.next());
            case F64:
                return Double.longBitsToDouble(in.next());
            case CHAR:
                return checkChar((int) in.next());
            case STRING: {
                int ptr = (int) in.next();
                int len = (int) in.next();
                return loadString(ptr, len);
            }
            case LIST: {
                int ptr = (int) in.next();
                int len = (int) in.next();
                return loadList(((WitType.ListType) t).element, ptr, len);
            }
            case RECORD:
            case TUPLE: {
                List<WitType.Field> fields = ((WitType.RecordType) t).fields;
                Object[] out = new Object[fields.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = liftFlat(fields.get(i).type(), in);
                }
                return out;
            }
            case VARIANT:
            case ENUM:
            case OPTION:
            case RESULT: {
                WitType.VariantType v = (WitType.VariantType) t;
                int index = (int) in.next();
                if (Integer.compareUnsigned(index, v.cases.size()) >= 0) {
                    throw new CanonicalTrap("case " + Integer.toUnsignedString(index) + " out of range for " + t);
                }
                WitType payload = v.cases.get(index).type();
                Object value = null;
                int used = 0;
                if (payload != null) {
                    value = liftFlat(payload, in);
                    used = payload.flat.length;
                }
                in.skip(v.flat.length - 1 - used);
                return variantValue(v, index, value);
            }
            case FLAGS:
                return (int) in.next();
            case OWN: {
                WitType.HandleType h = (WitType.HandleType) t;
                return options.table().takeOwn((int) in.next(), h.resource);
            }
            case BORROW:
                return liftBorrow((WitType.HandleType) t, (int) in.next());
            default:
                throw new AssertionError(t.kind);
        }
    }

    private Object liftBorrow(WitType.HandleType h, int index) {
        return options.table().lend(index, h.resource, scope);
    }

    private static Object variantValue(WitType.VariantType v, int index, Object value) {
        switch (v.kind) {
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

    public void lowerFlat(WitType t, Object v, FlatOut out) {
        switch (t.kind) {
            case BOOL:
                out.add(((Boolean) v) ? 1 : 0);
                break;
            case S8:
            case U8:
            case S16:
            case U16:
            case S32:
            case U32:
            case FLAGS:
                out.add(((Integer) v) & 0xFFFF_FFFFL);
                break;
            case CHAR:
                out.add(checkChar((Integer) v) & 0xFFFF_FFFFL);
                break;
            case S64:
            case U64:
                out.add((Long) v);
                break;
            case F32:
                out.add(Float.floatToRawIntBits((Float) v) & 0xFFFF_FFFFL);
                break;
            case F64:
                out.add(Double.doubleToRawLongBits((Double) v));
                break;
            case STRING: {
                long ptrLen = storeString((String) v);
                out.add(ptrLen >>> 32);
                out.add(ptrLen & 0xFFFF_FFFFL);
                break;
            }
            case LIST: {
                long ptrLen = storeList(((WitType.ListType) t).element, v);
                out.add(ptrLen >>> 32);
                out.add(ptrLen & 0xFFFF_FFFFL);
                break;
            }
            case RECORD:
            case TUPLE: {
                List<WitType.Field> fields = ((WitType.RecordType) t).fields;
                Object[] values = (Object[]) v;
                for (int i = 0; i < values.length; i++) {
                    lowerFlat(fields.get(i).type(), values[i], out);
                }
                break;
            }
            case VARIANT:
            case ENUM:
            case OPTION:
            case RESULT: {
                WitType.VariantType vt = (WitType.VariantType) t;
                int index = caseOf(vt, v);
                out.add(index);
                WitType payload = vt.cases.get(index).type();
                int used = 0;
                if (payload != null) {
                    lowerFlat(payload, payloadOf(vt, v), out);
                    used = payload.flat.length;
                }
                out.pad(vt.flat.length - 1 - used);
                break;
            }
            case OWN:
                out.add(lowerOwn((WitType.HandleType) t, v));
                break;
            case BORROW:
                out.add(lowerBorrow((WitType.HandleType) t, v));
                break;
            default:
                throw new AssertionError(t.kind);
        }
    }

    private int lowerOwn(WitType.HandleType h, Object rep) {
        return options.table().addOwn(h.resource, rep);
    }

    private int lowerBorrow(WitType.HandleType h, Object rep) {
        if (h.resource.implementer() != null && h.resource.implementer() == options.instance()) {
            // A borrow passed into the component implementing the resource is its rep itself.
            return (Integer) rep;
        }
        return options.table().addBorrow(h.resource, rep, scope);
    }

    private static int caseOf(WitType.VariantType t, Object v) {
        switch (t.kind) {
            case ENUM:
                return (Integer) v;
            case OPTION:
                return ((Optional<?>) v).isPresent() ? 1 : 0;
            case RESULT:
                return ((ResultValue) v).isOk() ? 0 : 1;
            default:
                return ((VariantValue) v).index();
        }
    }

    private static Object payloadOf(WitType.VariantType t, Object v) {
        switch (t.kind) {
            case OPTION:
                return ((Optional<?>) v).get();
            case RESULT:
                return ((ResultValue) v).value();
            case VARIANT:
                return ((VariantValue) v).value();
            default:
                return null;
        }
    }

    // --- memory --------------------------------------------------------------------------------

    private long memorySize() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Traps unless [ptr, ptr + length) is in memory and ptr aligned; {@code what} names it (a String or a WitType). */
    private void checkRange(int ptr, long length, int align, Object what) {
        if (memory == null) {
            throw new CanonicalTrap(what + " needs a memory, and the canonical options give none");
        }
        if (Integer.remainderUnsigned(ptr, align) != 0) {
            throw new CanonicalTrap(what + " at " + Integer.toUnsignedString(ptr) + " is not aligned to " + align);
        }
        if (Integer.toUnsignedLong(ptr) + length > memorySize()) {
            throw new CanonicalTrap(what + " at " + Integer.toUnsignedString(ptr) + " of " + length
                    + " bytes is out of bounds (memory is " + memorySize() + " bytes)");
        }
    }

    /** Loads a value stored at {@code ptr}, checking alignment and bounds first. */
    public Object load(WitType t, int ptr) {
        checkRange(ptr, t.size, t.align, t);
        return loadUnchecked(t, ptr);
    }

    private Object loadUnchecked(WitType t, int ptr) {
        switch (t.kind) {
            case BOOL:
                return memory.read(ptr) != 0;
            case S8:
                return (int) memory.read(ptr);
            case U8:
                return memory.read(ptr) & 0xFF;
            case S16:
                return (int) memory.readShort(ptr);
            case U16:
                return memory.readShort(ptr) & 0xFFFF;
            case S32:
            case U32:
                return memory.readInt(ptr);
            case S64:
            case U64:
                return memory.readLong(ptr);
            case F32:
                return memory.readFloat(ptr);
            case F64:
                return memory.readDouble(ptr);
            case CHAR:
                return checkChar(memory.readInt(ptr));
            case STRING:
                return loadString(memory.readInt(ptr), memory.readInt(ptr + 4));
            case LIST:
                return loadList(((WitType.ListType) t).element, memory.readInt(ptr), memory.readInt(ptr + 4));
            case RECORD:
            case TUPLE: {
                WitType.RecordType r = (WitType.RecordType) t;
                Object[] out = new Object[r.fields.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = loadUnchecked(r.fields.get(i).type(), ptr + r.offsets[i]);
                }
                return out;
            }
            case VARIANT:
            case ENUM:
            case OPTION:
            case RESULT: {
                WitType.VariantType v = (WitType.VariantType) t;
                int index = loadDiscriminant(v, ptr);
                if (Integer.compareUnsigned(index, v.cases.size()) >= 0) {
                    throw new CanonicalTrap("case " + Integer.toUnsignedString(index) + " out of range for " + t);
                }
                WitType payload = v.cases.get(index).type();
                Object value = payload == null ? null : loadUnchecked(payload, ptr + v.payloadOffset);
                return variantValue(v, index, value);
            }
            case FLAGS: {
                int n = t.size;
                return n == 1 ? memory.read(ptr) & 0xFF : n == 2 ? memory.readShort(ptr) & 0xFFFF : memory.readInt(ptr);
            }
            case OWN:
                return options.table().takeOwn(memory.readInt(ptr), ((WitType.HandleType) t).resource);
            case BORROW:
                return liftBorrow((WitType.HandleType) t, memory.readInt(ptr));
            default:
                throw new AssertionError(t.kind);
        }
    }

    private int loadDiscriminant(WitType.VariantType v, int ptr) {
        switch (v.discriminantSize) {
            case 1:
                return memory.read(ptr) & 0xFF;
            case 2:
                return memory.readShort(ptr) & 0xFFFF;
            default:
                return memory.readInt(ptr);
        }
    }

    /** Stores a value at {@code ptr}, checking alignment and bounds first. */
    public void store(WitType t, Object v, int ptr) {
        checkRange(ptr, t.size, t.align, t);
        storeUnchecked(t, v, ptr);
    }

    private void storeUnchecked(WitType t, Object v, int ptr) {
        switch (t.kind) {
            case BOOL:
                memory.writeByte(ptr, (byte) (((Boolean) v) ? 1 : 0));
                break;
            case S8:
            case U8:
                memory.writeByte(ptr, (byte) (int) (Integer) v);
                break;
            case S16:
            case U16:
                memory.writeShort(ptr, (short) (int) (Integer) v);
                break;
            case S32:
            case U32:
                memory.writeI32(ptr, (Integer) v);
                break;
            case CHAR:
                memory.writeI32(ptr, checkChar((Integer) v));
                break;
            case S64:
            case U64:
                memory.writeLong(ptr, (Long) v);
                break;
            case F32:
                memory.writeF32(ptr, (Float) v);
                break;
            case F64:
                memory.writeF64(ptr, (Double) v);
                break;
            case STRING: {
                long ptrLen = storeString((String) v);
                memory.writeI32(ptr, (int) (ptrLen >>> 32));
                memory.writeI32(ptr + 4, (int) ptrLen);
                break;
            }
            case LIST: {
                long ptrLen = storeList(((WitType.ListType) t).element, v);
                memory.writeI32(ptr, (int) (ptrLen >>> 32));
                memory.writeI32(ptr + 4, (int) ptrLen);
                break;
            }
            case RECORD:
            case TUPLE: {
                WitType.RecordType r = (WitType.RecordType) t;
                Object[] values = (Object[]) v;
                for (int i = 0; i < values.length; i++) {
                    storeUnchecked(r.fields.get(i).type(), values[i], ptr + r.offsets[i]);
                }
                break;
            }
            case VARIANT:
            case ENUM:
            case OPTION:
            case RESULT: {
                WitType.VariantType vt = (WitType.VariantType) t;
                int index = caseOf(vt, v);
                switch (vt.discriminantSize) {
                    case 1:
                        memory.writeByte(ptr, (byte) index);
                        break;
                    case 2:
                        memory.writeShort(ptr, (short) index);
                        break;
                    default:
                        memory.writeI32(ptr, index);
                }
                WitType payload = vt.cases.get(index).type();
                if (payload != null) {
                    storeUnchecked(payload, payloadOf(vt, v), ptr + vt.payloadOffset);
                }
                break;
            }
            case FLAGS: {
                int bits = (Integer) v;
                if (t.size == 1) {
                    memory.writeByte(ptr, (byte) bits);
                } else if (t.size == 2) {
                    memory.writeShort(ptr, (short) bits);
                } else {
                    memory.writeI32(ptr, bits);
                }
                break;
            }
            case OWN:
                memory.writeI32(ptr, lowerOwn((WitType.HandleType) t, v));
                break;
            case BORROW:
                memory.writeI32(ptr, lowerBorrow((WitType.HandleType) t, v));
                break;
            default:
                throw new AssertionError(t.kind);
        }
    }

    // --- strings -------------------------------------------------------------------------------

    private static final int UTF16_TAG = 1 << 31;

    private String loadString(int ptr, int len) {
        StringEncoding encoding = options.encoding();
        if (encoding == StringEncoding.UTF8) {
            checkRange(ptr, Integer.toUnsignedLong(len), 1, "string");
            byte[] bytes = memory.readBytes(ptr, len);
            if (ascii(bytes)) {
                return new String(bytes, StandardCharsets.ISO_8859_1); // the common case, without a decoder
            }
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new CanonicalTrap("string at " + Integer.toUnsignedString(ptr) + " is not valid UTF-8");
            }
        }
        boolean utf16 = encoding == StringEncoding.UTF16 || (len & UTF16_TAG) != 0;
        int units = encoding == StringEncoding.LATIN1_UTF16 ? len & ~UTF16_TAG : len;
        if (!utf16) {
            checkRange(ptr, Integer.toUnsignedLong(units), 1, "string");
            return new String(memory.readBytes(ptr, units), StandardCharsets.ISO_8859_1);
        }
        checkRange(ptr, 2L * Integer.toUnsignedLong(units), 2, "string");
        byte[] bytes = memory.readBytes(ptr, 2 * units);
        try {
            return StandardCharsets.UTF_16LE
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CanonicalTrap("string at " + Integer.toUnsignedString(ptr) + " is not valid UTF-16");
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Copies a string into guest memory (allocated with realloc); returns ptr &lt;&lt; 32 | length. */
    private long storeString(String s) {
        StringEncoding encoding = options.encoding();
        byte[] bytes;
        int align = 1;
        int length;
        if (encoding == StringEncoding.UTF8) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
        } else if (encoding == StringEncoding.LATIN1_UTF16 && s.chars().allMatch(c -> c <= 0xFF)) {
            bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            length = bytes.length;
        } else {
            bytes = s.getBytes(StandardCharsets.UTF_16LE);
            align = 2;
            length = bytes.length / 2 | (encoding == StringEncoding.LATIN1_UTF16 ? UTF16_TAG : 0);
        }
        int ptr = allocate(align, bytes.length, "string");
        memory.write(ptr, bytes);
        return (long) ptr << 32 | (length & 0xFFFF_FFFFL);
    }

    private int allocate(int align, long size, String what) {
        if (options.realloc() == null) {
            throw new CanonicalTrap(what + " needs realloc, and the canonical options give none");
        }
        if (size > Integer.MAX_VALUE) {
            throw new CanonicalTrap(what + " of " + size + " bytes is too large");
        }
        int ptr = (int) options.realloc().call(0, 0, align, size)[0];
        checkRange(ptr, size, align, what + " allocated by realloc");
        return ptr;
    }

    // --- lists ---------------------------------------------------------------------------------

    private Object loadList(WitType element, int ptr, int len) {
        long bytes = Integer.toUnsignedLong(len) * element.size;
        checkRange(ptr, bytes, element.align, "list");
        if (element.kind == Kind.U8 || element.kind == Kind.S8) {
            byte[] data = memory.readBytes(ptr, len);
            if (element.kind == Kind.U8) {
                return data;
            }
            List<Object> out = new ArrayList<>(len);
            for (byte b : data) {
                out.add((int) b);
            }
            return out;
        }
        List<Object> out = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
            out.add(loadUnchecked(element, ptr + i * element.size));
        }
        return out;
    }

    /** Copies a list into guest memory (allocated with realloc); returns ptr &lt;&lt; 32 | length. */
    private long storeList(WitType element, Object v) {
        if (v instanceof byte[] data) {
            int ptr = allocate(element.align, data.length, "list");
            memory.write(ptr, data);
            return (long) ptr << 32 | data.length;
        }
        List<?> values = (List<?>) v;
        long bytes = (long) values.size() * element.size;
        int ptr = allocate(element.align, bytes, "list");
        for (int i = 0; i < values.size(); i++) {
            storeUnchecked(element, values.get(i), ptr + i * element.size);
        }
        return (long) ptr << 32 | values.size();
    }

    /** Allocates room for a value of {@code t} in guest memory (spilled parameters). */
    public int allocate(WitType t) {
        return allocate(t.align, t.size, "parameters");
    }

    private static int checkChar(int c) {
        if (Integer.compareUnsigned(c, 0x110000) >= 0 || (c >= 0xD800 && c <= 0xDFFF)) {
            throw new CanonicalTrap("0x" + Integer.toHexString(c) + " is not a Unicode scalar value");
        }
        return c;
    }
}
