package io.tarbox.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** {@link Format#oneLine}: the one escaping rule of the CLI's text output. */
class FormatTest {
    @Test
    void plainTextIsShownAsItIs() {
        String text = "données/файл 日本語 😀 -> a b.txt";
        assertSame(text, Format.oneLine(text));
    }

    @Test
    void lineBreaksAndTerminalControlsAreEscaped() {
        assertEquals("a\\nb\\rc\\td", Format.oneLine("a\nb\rc\td"));
        assertEquals("\\x1b[2J\\x1b]0;title\\x07", Format.oneLine("\u001b[2J\u001b]0;title\u0007"));
        assertEquals("\\x00\\x7f", Format.oneLine("\u0000\u007f"));
        assertEquals("next\\x85line \\x9b31m", Format.oneLine("next\u0085line \u009b31m"), "C1 controls, NEL and CSI");
    }

    @Test
    void unicodeSeparatorsAndBidiControlsAreEscaped() {
        assertEquals("a\\u{2028}b\\u{2029}c", Format.oneLine("a\u2028b\u2029c"));
        assertEquals("evil\\u{202e}txt.exe", Format.oneLine("evil\u202etxt.exe"));
        assertEquals(
                "\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200e}\\u{200f}\\u{061c}",
                Format.oneLine("\u2066\u2067\u2068\u2069\u200e\u200f\u061c"));
        assertEquals("zero\\u{200b}width\\u{feff}", Format.oneLine("zero\u200bwidth\ufeff"));
        assertEquals("lone \\u{d800} surrogate", Format.oneLine("lone \ud800 surrogate"));
    }

    @Test
    void aBackslashIsDoubledSoNoEscapedNameReadsAsAnother() {
        assertEquals("a\\\\nb", Format.oneLine("a\\nb"));
        assertEquals("a\\nb", Format.oneLine("a\nb"));
    }
}
