package io.tarbox.component.model;

/** The primitive value types, with their binary opcodes. */
public enum PrimType {
    BOOL(0x7f, "bool"),
    S8(0x7e, "s8"),
    U8(0x7d, "u8"),
    S16(0x7c, "s16"),
    U16(0x7b, "u16"),
    S32(0x7a, "s32"),
    U32(0x79, "u32"),
    S64(0x78, "s64"),
    U64(0x77, "u64"),
    F32(0x76, "f32"),
    F64(0x75, "f64"),
    CHAR(0x74, "char"),
    STRING(0x73, "string");

    private final int opcode;
    private final String wit;

    PrimType(int opcode, String wit) {
        this.opcode = opcode;
        this.wit = wit;
    }

    /** The primitive with this opcode, or null. */
    public static PrimType ofOpcode(int opcode) {
        for (PrimType p : values()) {
            if (p.opcode == opcode) {
                return p;
            }
        }
        return null;
    }

    /** The name WIT gives it. */
    public String wit() {
        return wit;
    }
}
