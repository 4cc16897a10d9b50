package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A browser (headless Chromium) on a collection's URL: with the token as the Basic password it gets
 * the HTML listing, sorted by name, links percent-encoded; without it, the 401 that makes a browser
 * ask for a login (headless Chromium shows nothing then).
 */
abstract class ChromiumTest extends ServerTestBase {
    private Clients.Result dumpDom(String url) throws Exception {
        String chromium = Clients.require("chromium");
        return Clients.run(
                List.of(
                        chromium,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "--dump-dom",
                        url),
                Map.of("HOME", dir.toString()),
                120);
    }

    @Test
    void theListingOfACollection() throws Exception {
        Curl curl = new Curl();
        curl.run("-H", bearer(aliceWrite), "-X", "MKCOL", base + "/dav/alice/docs");
        for (String name : List.of("zeta.txt", "alpha beta.txt", "mid.txt")) {
            Path f = Files.writeString(dir.resolve("f"), name);
            curl.run(
                    "-H", bearer(aliceWrite), "-T", f.toString(), base + "/dav/alice/docs/" + name.replace(" ", "%20"));
        }
        String withToken = base.replace("http://", "http://me:" + aliceRead + "@") + "/dav/alice/docs/";
        String dom = dumpDom(withToken).out();
        assertTrue(dom.contains("<h1>alice: /docs</h1>"), dom);
        int alpha = dom.indexOf(">alpha beta.txt</a>");
        int mid = dom.indexOf(">mid.txt</a>");
        int zeta = dom.indexOf(">zeta.txt</a>");
        assertTrue(alpha > 0 && alpha < mid && mid < zeta, dom);
        assertTrue(dom.contains("href=\"/dav/alice/docs/alpha%20beta.txt\""), dom);

        String without = dumpDom(base + "/dav/alice/docs/").out();
        assertFalse(without.contains("zeta.txt"), without);
    }
}
