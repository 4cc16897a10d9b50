package io.tarbox.server;

import io.tarbox.core.path.Names;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for turning a URL path into tree names and back. A URL path is split on '/' first,
 * then each segment is percent-decoded as UTF-8: so an encoded slash is a character of a name (and
 * refused, since names cannot hold '/'), never a separator. Empty segments are skipped (a trailing
 * slash, "//"); ".", "..", NUL, '/' in a name, invalid UTF-8 or invalid percent-encoding are refused
 * (400): a URL can only name a path below the tree's root, whatever it spells.
 */
final class UrlPaths {
    private UrlPaths() {}

    /** The decoded names of {@code rawPath} (still percent-encoded, as on the request line). */
    static List<String> segments(String rawPath) {
        List<String> names = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String name = decode(raw);
            if (name.equals(".") || name.equals("..")) {
                throw HttpError.badRequest("'.' and '..' are not allowed in a URL path");
            }
            if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                throw HttpError.badRequest("a name in the URL path holds '/' or NUL");
            }
            try {
                Names.check(name);
            } catch (io.tarbox.core.fs.FsException e) {
                throw HttpError.badRequest("invalid name in the URL path: " + e.getMessage());
            }
            names.add(name);
        }
        return names;
    }

    /** Percent-decodes one segment as UTF-8 ('+' is a plus: this is a path, not a query). */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw HttpError.badRequest("invalid percent-encoding in the URL path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw HttpError.badRequest("invalid percent-encoding in the URL path");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the URL path is not UTF-8");
        }
    }

    /** Percent-encodes a name for a URL path: everything but RFC 3986's unreserved characters. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** The tree path of {@code names}: "/" joined, "/" for none. */
    static String treePath(List<String> names) {
        return names.isEmpty() ? "/" : "/" + String.join("/", names);
    }
}
