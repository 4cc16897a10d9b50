package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * litmus, the WebDAV compliance suite: its basic, copymove, props, locks and http suites pass in
 * full. Basic auth from loopback.
 */
abstract class LitmusTest extends ServerTestBase {
    private static final Pattern SUMMARY =
            Pattern.compile("summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed");

    @Test
    void everySuitePasses() throws Exception {
        String litmus = Clients.require("litmus");
        Curl curl = new Curl();
        assertEquals(
                201,
                curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/litmus/")
                        .status());
        Clients.Result r = Clients.run(
                List.of(litmus, base + "/dav/alice/litmus/", "alice", aliceWrite),
                Map.of("TESTS", "basic copymove props locks http", "HOME", dir.toString()),
                300);
        String out = r.out() + r.err();
        Matcher m = SUMMARY.matcher(out);
        int suites = 0;
        while (m.find()) {
            suites++;
            assertEquals(m.group(2), m.group(3), "litmus " + m.group(1) + " suite:\n" + out);
            assertEquals("0", m.group(4), out);
        }
        assertEquals(5, suites, out);
        assertEquals(0, r.exit(), out);
    }
}
