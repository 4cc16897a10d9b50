package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The owner a run records: read from /proc, the same as the JDK's answers that older versions recorded. */
class ScratchOwnerTest {
    @Test
    void theOwnerIsThisHostAndProcessAsTheJdkNamesThem() throws Exception {
        String expected = InetAddress.getLocalHost().getHostName() + ":"
                + ProcessHandle.current().pid();
        assertEquals(expected, ScratchOwner.current());
        assertTrue(ScratchOwner.isLocal(ScratchOwner.current()));
        assertFalse(ScratchOwner.isGone(ScratchOwner.current()), "this process runs");
    }

    @Test
    void aProcessThatEndedIsGoneAndOneOnAnotherHostIsNotKnownToBe() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String host = ScratchOwner.current().substring(0, ScratchOwner.current().lastIndexOf(':'));
        assertTrue(ScratchOwner.isGone(host + ":" + ended.pid()));
        assertFalse(ScratchOwner.isGone("another-host-" + host + ":1"));
        assertFalse(ScratchOwner.isLocal("another-host-" + host + ":1"));
    }
}
