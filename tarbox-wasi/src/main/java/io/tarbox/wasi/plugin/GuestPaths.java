package io.tarbox.wasi.plugin;

import java.util.List;

/**
 * The one rule for the paths plugins name (in their manifest and in file calls) and users grant:
 * absolute, '/'-separated, no ".." component. Empty and "." components are dropped, so the
 * normalized form is "/" or "/a/b" without a trailing slash, and "is under" is a string prefix test.
 */
final class GuestPaths {
    private GuestPaths() {}

    /** The normalized form of {@code path}, or null if it is not absolute, has "..", or a NUL. */
    static String normalize(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** Whether normalized {@code path} is {@code base} or lies below it (both normalized). */
    static boolean isUnder(String path, String base) {
        return base.equals("/") || path.equals(base) || path.startsWith(base + "/");
    }

    /**
     * The paths both lists allow: where one list's path lies under the other's, the deeper one.
     * Both lists hold normalized paths.
     */
    static List<String> intersect(List<String> requested, List<String> granted) {
        return requested.stream()
                .flatMap(r -> granted.stream()
                        .filter(g -> isUnder(r, g) || isUnder(g, r))
                        .map(g -> isUnder(r, g) ? r : g))
                .distinct()
                .toList();
    }
}
