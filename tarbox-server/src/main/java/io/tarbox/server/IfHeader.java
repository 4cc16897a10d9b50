package io.tarbox.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The WebDAV {@code If} header (RFC 4918 section 10.4): lists of conditions, each a state token
 * ({@code <opaquelocktoken:...>}) or an entity tag ({@code ["..."]}), maybe negated with {@code Not},
 * optionally tagged with the resource they are about ({@code <URL> (...)}). The header holds when
 * one list that applies holds entirely.
 */
final class IfHeader {
    record Condition(boolean not, String token, String etag) {}

    /** One list of conditions; {@code resource} is the tag's URL path, or null for the request's resource. */
    record Clause(String resource, List<Condition> conditions) {}

    final List<Clause> clauses;

    private IfHeader(List<Clause> clauses) {
        this.clauses = clauses;
    }

    /** Parses the header. @throws HttpError 400 when it is malformed */
    static IfHeader parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        String resource = null;
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '<') {
                int end = header.indexOf('>', i);
                if (end < 0) {
                    throw HttpError.badRequest("malformed If header");
                }
                resource = pathOf(header.substring(i + 1, end));
                i = end + 1;
            } else if (c == '(') {
                int end = header.indexOf(')', i);
                if (end < 0) {
                    throw HttpError.badRequest("malformed If header");
                }
                clauses.add(new Clause(resource, conditions(header.substring(i + 1, end))));
                i = end + 1;
            } else {
                throw HttpError.badRequest("malformed If header");
            }
        }
        if (clauses.isEmpty()) {
            throw HttpError.badRequest("malformed If header: no condition list");
        }
        return new IfHeader(clauses);
    }

    private static List<Condition> conditions(String list) {
        List<Condition> out = new ArrayList<>();
        int i = 0;
        boolean not = false;
        while (i < list.length()) {
            char c = list.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (list.startsWith("Not", i)) {
                not = true;
                i += 3;
            } else if (c == '<') {
                int end = list.indexOf('>', i);
                if (end < 0) {
                    throw HttpError.badRequest("malformed If header");
                }
                out.add(new Condition(not, list.substring(i + 1, end), null));
                not = false;
                i = end + 1;
            } else if (c == '[') {
                int end = list.indexOf(']', i);
                if (end < 0) {
                    throw HttpError.badRequest("malformed If header");
                }
                out.add(new Condition(not, null, list.substring(i + 1, end)));
                not = false;
                i = end + 1;
            } else {
                throw HttpError.badRequest("malformed If header");
            }
        }
        if (out.isEmpty()) {
            throw HttpError.badRequest("malformed If header: an empty list");
        }
        return out;
    }

    /** The URL path of a tagged resource (an absolute URL or a path). */
    private static String pathOf(String url) {
        try {
            String path = new java.net.URI(url).getRawPath();
            return path == null ? url : path;
        } catch (java.net.URISyntaxException e) {
            throw HttpError.badRequest("malformed If header: " + e.getMessage());
        }
    }

    /** Every state token the header names (submitted, whether negated or not). */
    List<String> tokens() {
        List<String> out = new ArrayList<>();
        for (Clause clause : clauses) {
            for (Condition c : clause.conditions()) {
                if (c.token() != null) {
                    out.add(c.token());
                }
            }
        }
        return out;
    }
}
