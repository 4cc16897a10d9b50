package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Paths and names passed by pointer and length. */
public final class GuestStrings {
    private GuestStrings() {}

    /**
     * Decodes a UTF-8 string from guest memory; null when it is not valid UTF-8 (callers return
     * EILSEQ, as wasmtime). An out-of-bounds range traps.
     */
    public static String read(Memory memory, int ptr, int len) {
        byte[] bytes = memory.readBytes(ptr, len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
