package io.tarbox.cli.command;

import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FileType;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How the commands show attributes to people (text) and to scripts (JSON-ready maps). */
public final class Format {
    private static final DateTimeFormatter LISTING_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Format() {}

    /** "drwxr-xr-x", as ls(1) shows it. */
    static String modeString(FileAttributes attributes) {
        StringBuilder s = new StringBuilder(10);
        s.append(typeChar(attributes.type()));
        int mode = attributes.mode();
        String rwx = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            s.append((mode & (0400 >> bit)) != 0 ? rwx.charAt(bit) : '-');
        }
        return s.toString();
    }

    private static char typeChar(FileType type) {
        switch (type) {
            case DIRECTORY:
                return 'd';
            case SYMLINK:
                return 'l';
            case CHARACTER_DEVICE:
                return 'c';
            case BLOCK_DEVICE:
                return 'b';
            case FIFO:
                return 'p';
            case SOCKET:
                return 's';
            default:
                return '-';
        }
    }

    /** "file", "directory", "symlink", ... as used in JSON. */
    static String typeName(FileType type) {
        switch (type) {
            case REGULAR:
                return "file";
            case DIRECTORY:
                return "directory";
            case SYMLINK:
                return "symlink";
            default:
                return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** "0644". */
    static String octalMode(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** Local time to the minute, for listings. */
    static String listingTime(long epochNs) {
        return LISTING_TIME.format(instant(epochNs));
    }

    /** ISO-8601 in UTC with nanoseconds, for stat and JSON. */
    static String isoTime(long epochNs) {
        return instant(epochNs).toString();
    }

    static Instant instant(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }

    /**
     * Text as a terminal may safely show it on one line: the one escaping rule of every text output
     * that prints stored or untrusted text (names, paths, messages). Nothing that could start a new
     * line, move the cursor, recolour or reorder what follows survives: control characters (C0, DEL,
     * C1: {@code \n}, {@code \t}, {@code \r}, else {@code \xNN}), format characters (Unicode
     * category Cf: the bidi overrides and isolates, zero-width characters), the line and paragraph
     * separators (U+2028, U+2029) and unpaired surrogates (a backslash, then {@code u{NNNN}}). A backslash is
     * doubled, so an escaped name never reads as another name. JSON output keeps the text exact.
     */
    public static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.appendCodePoint(c);
                }
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /** The escape of one code point, or null when it is shown as it is. */
    private static String escape(int c) {
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            case '\r':
                return "\\r";
            default:
                break;
        }
        if (Character.isISOControl(c)) { // C0, DEL and C1 (U+0085 NEL among them)
            return String.format("\\x%02x", c);
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE) {
            return String.format("\\u{%04x}", c);
        }
        return null;
    }

    /** "1.5M"-style sizes (powers of 1024), as du -h shows them. */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return Long.toString(bytes);
        }
        String units = "KMGTPE";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value))
                + units.charAt(unit);
    }

    /** The attributes of one entry as a JSON object. */
    static Map<String, Object> json(String name, String path, FileAttributes attributes, String symlinkTarget) {
        Map<String, Object> object = new LinkedHashMap<>();
        if (name != null) {
            object.put("name", name);
        }
        if (path != null) {
            object.put("path", path);
        }
        object.put("type", typeName(attributes.type()));
        object.put("ino", attributes.ino());
        object.put("mode", octalMode(attributes.mode()));
        object.put("nlink", attributes.nlink());
        object.put("size", attributes.size());
        object.put("atime", isoTime(attributes.atimeNs()));
        object.put("mtime", isoTime(attributes.mtimeNs()));
        object.put("ctime", isoTime(attributes.ctimeNs()));
        object.put("mtimeNs", attributes.mtimeNs());
        if (symlinkTarget != null) {
            object.put("target", symlinkTarget);
        }
        return object;
    }
}
