package io.tarbox.component.wave;

import java.math.BigInteger;

/** The lexical layer of WAVE: whitespace, labels, numbers, char and string literals. */
final class WaveReader {
    private final String text;
    private int position;

    WaveReader(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return position >= text.length();
    }

    void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    boolean accept(char c) {
        skipSpace();
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    void expect(char c) throws WaveException {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    /** A label (kebab-case, optionally %-prefixed to escape a keyword). */
    String label() throws WaveException {
        skipSpace();
        int start = position;
        if (position < text.length() && text.charAt(position) == '%') {
            start++;
            position++;
        }
        while (position < text.length()
                && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '-')) {
            position++;
        }
        if (position == start) {
            throw error("expected a name");
        }
        return text.substring(start, position);
    }

    private String number() throws WaveException {
        skipSpace();
        int start = position;
        while (position < text.length() && "+-0123456789.eExabcdfinABCDF_".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        if (position == start) {
            throw error("expected a number");
        }
        return text.substring(start, position);
    }

    long integer(long min, long max) throws WaveException {
        String s = number();
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw error(s + " is out of range (" + min + " to " + max + ")");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not an integer");
        }
    }

    long unsigned64() throws WaveException {
        String s = number();
        try {
            BigInteger v = new BigInteger(s);
            if (v.signum() < 0 || v.bitLength() > 64) {
                throw error(s + " is out of range (0 to 18446744073709551615)");
            }
            return v.longValue();
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not an integer");
        }
    }

    double floating() throws WaveException {
        String s = number();
        switch (s) {
            case "nan":
                return Double.NaN;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw error("'" + s + "' is not a number");
                }
        }
    }

    int charLiteral() throws WaveException {
        expect('\'');
        int c = character('\'');
        if (position >= text.length() || text.charAt(position) != '\'') {
            throw error("expected ' after one character");
        }
        position++;
        return c;
    }

    String stringLiteral() throws WaveException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("unterminated string");
            }
            if (text.charAt(position) == '"') {
                position++;
                return out.toString();
            }
            out.appendCodePoint(character('"'));
        }
    }

    /** One character of a literal, escapes decoded. */
    private int character(char quote) throws WaveException {
        if (position >= text.length()) {
            throw error("unterminated literal");
        }
        int c = text.codePointAt(position);
        position += Character.charCount(c);
        if (c == quote) {
            throw error("empty literal");
        }
        if (c != '\\') {
            return c;
        }
        if (position >= text.length()) {
            throw error("unterminated escape");
        }
        char e = text.charAt(position++);
        switch (e) {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case '\\':
            case '"':
            case '\'':
                return e;
            case 'u': {
                if (position >= text.length() || text.charAt(position) != '{') {
                    throw error("expected \\u{...}");
                }
                int end = text.indexOf('}', position);
                if (end < 0) {
                    throw error("unterminated \\u{...}");
                }
                try {
                    int cp = Integer.parseInt(text.substring(position + 1, end), 16);
                    position = end + 1;
                    if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        throw error("\\u{" + Integer.toHexString(cp) + "} is not a Unicode scalar value");
                    }
                    return cp;
                } catch (NumberFormatException ex) {
                    throw error("bad \\u{...} escape");
                }
            }
            default:
                throw error("unknown escape \\" + e);
        }
    }

    WaveException error(String why) {
        return new WaveException("at offset " + position + " of '" + text + "': " + why);
    }
}
