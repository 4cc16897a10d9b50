package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where a streamed run's output may be cut into lines without cutting a UTF-8 sequence. */
class RunStreamTest {
    private static int whole(byte... bytes) {
        return RunStream.Utf8.wholePrefix(bytes);
    }

    @Test
    void aSequenceCutAtTheEndIsHeldBack() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // e2 82 ac
        byte[] face = "😀".getBytes(StandardCharsets.UTF_8); // f0 9f 98 80
        assertEquals(1, whole((byte) 'a', euro[0]));
        assertEquals(1, whole((byte) 'a', euro[0], euro[1]));
        assertEquals(4, whole((byte) 'a', euro[0], euro[1], euro[2]));
        assertEquals(1, whole((byte) 'a', face[0], face[1], face[2]));
        assertEquals(5, whole((byte) 'a', face[0], face[1], face[2], face[3]));
    }

    @Test
    void textThatIsWholeOrNotUtf8IsSentAsIs() {
        assertEquals(0, whole());
        assertEquals(2, whole((byte) 'o', (byte) 'k'));
        assertEquals(3, whole((byte) 'x', (byte) 0x80, (byte) 0x80)); // stray continuation bytes
        assertEquals(1, whole((byte) 0xff)); // never UTF-8
    }
}
