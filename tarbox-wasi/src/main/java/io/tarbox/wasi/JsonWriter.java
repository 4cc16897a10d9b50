package io.tarbox.wasi;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON text (RFC 8259) into a string: the one JSON writer of tarbox-wasi, which stays free
 * of Jackson (the plugin host's context document and the control files' documents use it).
 * Commas and colons are placed by the writer; the caller only opens, names and closes.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** For each open object or array: whether a value was written into it yet. */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    /** A name was just written: the next value follows its colon, without a comma. */
    private boolean afterName;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new boolean[1]);
        return this;
    }

    public JsonWriter endObject() {
        open.pop();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new boolean[1]);
        return this;
    }

    public JsonWriter endArray() {
        open.pop();
        out.append(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        beforeValue();
        out.append(quote(name)).append(':');
        afterName = true;
        return this;
    }

    /** A string, or null. */
    public JsonWriter value(String value) {
        beforeValue();
        out.append(value == null ? "null" : quote(value));
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] written = open.peek();
        if (written != null) {
            if (written[0]) {
                out.append(',');
            }
            written[0] = true;
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
