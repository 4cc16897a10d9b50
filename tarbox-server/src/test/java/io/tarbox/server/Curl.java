package io.tarbox.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/** The real curl, one request at a time: status, response headers (last value of each, lower case) and body. */
final class Curl {
    private final String curl = Clients.require("curl");

    record Response(int status, Map<String, List<String>> headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(values.size() - 1);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** Runs curl with {@code args} (the URL among them), e.g. {@code "-X", "PROPFIND", "-H", "Depth: 1", url}. */
    Response run(String... args) throws IOException, InterruptedException {
        Path headers = Files.createTempFile("curl-", ".h");
        Path body = Files.createTempFile("curl-", ".b");
        try {
            List<String> command = new ArrayList<>(List.of(
                    curl,
                    "-s",
                    "-S",
                    "--path-as-is",
                    "-D",
                    headers.toString(),
                    "-o",
                    body.toString(),
                    "-w",
                    "%{http_code}"));
            command.addAll(List.of(args));
            Clients.Result r = Clients.run(command, Map.of(), 120);
            if (r.exit() != 0 && r.out().isBlank()) {
                Assertions.fail("curl failed (" + r.exit() + "): " + r.err());
            }
            int status = Integer.parseInt(r.out().trim());
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("HTTP/")) {
                    map.clear(); // a 100 Continue before the real response
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    map.computeIfAbsent(
                                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
            return new Response(status, map, Files.readAllBytes(body));
        } finally {
            Files.deleteIfExists(headers);
            Files.deleteIfExists(body);
        }
    }
}
