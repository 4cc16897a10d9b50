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
final class Format {
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
     * Text that stays on one line of a listing: control characters (a newline in a message, say)
     * are escaped, C-style ({@code \n}, {@code \t}, {@code \r}, else {@code \xNN}). JSON output
     * keeps the text exact.
     */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
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
