package io.tarbox.component.binary;

import io.tarbox.component.ComponentException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitive encodings of the binary format (bytes, LEB128 integers, names) from a range of
 * a byte array, failing with a {@link ComponentException} that says where.
 */
final class BinaryReader {
    private final byte[] data;
    private int position;
    private final int end;

    BinaryReader(byte[] data, int start, int end) {
        this.data = data;
        this.position = start;
        this.end = end;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    int remaining() {
        return end - position;
    }

    int u8() throws ComponentException {
        if (position >= end) {
            throw truncated("a byte");
        }
        return data[position++] & 0xFF;
    }

    int peek() throws ComponentException {
        if (position >= end) {
            throw truncated("a byte");
        }
        return data[position] & 0xFF;
    }

    /** An unsigned LEB128 u32. */
    int u32() throws ComponentException {
        long result = 0;
        int shift = 0;
        int start = position;
        while (true) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw malformed("integer too long at offset " + start);
            }
        }
        if (result > 0xFFFF_FFFFL) {
            throw malformed("integer too large at offset " + start);
        }
        return (int) result;
    }

    /** A u32 used as a count or index; it must fit in an int. */
    int count(String what) throws ComponentException {
        int at = position;
        int n = u32();
        if (n < 0 || n > remaining() && what != null) {
            throw truncated(what + " count " + Integer.toUnsignedString(n) + " at offset " + at);
        }
        return n;
    }

    byte[] bytes(int length) throws ComponentException {
        if (length < 0 || length > remaining()) {
            throw truncated(length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    /** A name: a u32 byte length, then that many bytes of UTF-8. */
    String name() throws ComponentException {
        int at = position;
        int length = u32();
        if (length < 0 || length > remaining()) {
            throw truncated("a name at offset " + at);
        }
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, position, length))
                    .toString();
            position += length;
            return s;
        } catch (CharacterCodingException e) {
            throw malformed("name at offset " + at + " is not UTF-8");
        }
    }

    /** A reader over the next {@code length} bytes, which this reader skips. */
    BinaryReader slice(int length, String what) throws ComponentException {
        if (length < 0 || length > remaining()) {
            throw truncated(what + " of " + Integer.toUnsignedString(length) + " bytes at offset " + position);
        }
        BinaryReader r = new BinaryReader(data, position, position + length);
        position += length;
        return r;
    }

    void skip(int length) throws ComponentException {
        slice(length, "section");
    }

    ComponentException truncated(String what) {
        return new ComponentException(
                ComponentException.Kind.TRUNCATED, "truncated component: unexpected end while reading " + what);
    }

    ComponentException malformed(String what) {
        return new ComponentException(ComponentException.Kind.MALFORMED, "malformed component: " + what);
    }
}
