package io.tarbox.cli.command;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.tarbox.cli.transfer.Progress;
import io.tarbox.cli.transfer.Streams;
import io.tarbox.core.fs.FileAttributes;
import io.tarbox.core.fs.FilesystemInterface;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unified diff of one file between two trees ({@code snapshot diff --patch}), as diff(1) and git
 * print it. A file is binary, and gets only "Binary files differ", when it has a NUL byte in its
 * first 8 KiB (git's test) or is over 1 MiB (too large to diff usefully in a terminal).
 */
final class UnifiedPatch {
    static final int BINARY_PROBE = 8 * 1024;
    static final long MAX_TEXT = 1 << 20;
    private static final int CONTEXT = 3;
    /** Follows a last line that has no line end, as diff(1) prints it. */
    private static final String NO_NEWLINE = "\n\\ No newline at end of file";

    /** One side of the comparison: a file in a tree, or nothing (an added or deleted file). */
    record Side(String label, FilesystemInterface fs, FileAttributes file) {
        boolean absent() {
            return file == null;
        }
    }

    private UnifiedPatch() {}

    /** Prints the diff from {@code before} to {@code after}; nothing when their lines are the same. */
    static void print(PrintStream out, Side before, Side after) throws IOException {
        if (binary(before) || binary(after)) {
            out.println("Binary files differ");
            return;
        }
        String oldLabel = before.absent() ? "/dev/null" : Format.oneLine(before.label());
        String newLabel = after.absent() ? "/dev/null" : Format.oneLine(after.label());
        for (String line : unified(oldLabel, newLabel, lines(before), lines(after))) {
            out.println(line);
        }
    }

    /**
     * The unified diff of two texts as diff(1) prints it (no lines when they are the same); what
     * {@code tarbox test} shows for output or a file that differs from the expected.
     */
    static List<String> unified(String oldLabel, String newLabel, String oldText, String newText) {
        return unified(oldLabel, newLabel, lines(oldText), lines(newText));
    }

    private static List<String> unified(
            String oldLabel, String newLabel, List<String> oldLines, List<String> newLines) {
        Patch<String> patch = DiffUtils.diff(oldLines, newLines);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String line : UnifiedDiffUtils.generateUnifiedDiff(oldLabel, newLabel, oldLines, patch, CONTEXT)) {
            out.add(line.startsWith("@@ ") ? rangesAsDiffPrintsThem(line) : line);
        }
        return out;
    }

    private static final Pattern RANGE = Pattern.compile("([-+])(\\d+),(\\d+) ");

    /**
     * diff(1), git and patch(1) number an empty range by the line before it ({@code -0,0} for a
     * new file), java-diff-utils by the line after it ({@code -1,0}); and they leave out the length
     * of a one-line range ({@code -5} for {@code -5,1}).
     */
    static String rangesAsDiffPrintsThem(String hunkHeader) {
        Matcher m = RANGE.matcher(hunkHeader);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long start = Long.parseLong(m.group(2));
            String range = switch (m.group(3)) {
                case "0" -> Math.max(0, start - 1) + ",0";
                case "1" -> Long.toString(start);
                default -> start + "," + m.group(3);
            };
            m.appendReplacement(out, m.group(1) + range + " ");
        }
        return m.appendTail(out).toString();
    }

    private static boolean binary(Side side) {
        if (side.absent()) {
            return false;
        }
        if (side.file().size() > MAX_TEXT) {
            return true;
        }
        byte[] probe = new byte[BINARY_PROBE];
        int n = side.fs().read(side.file().ino(), 0, probe, 0, probe.length);
        for (int i = 0; i < n; i++) {
            if (probe[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file's lines without their line ends. A last line without one is a line too, carrying
     * the marker diff(1) prints after it: so it differs from the same line with a newline (a change
     * of only the final newline gets its hunk) and prints as patch(1) expects.
     */
    private static List<String> lines(Side side) throws IOException {
        if (side.absent()) {
            return List.of();
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        Streams.fromFile(side.fs(), side.file().ino(), content, Progress.NONE);
        return lines(content.toString(StandardCharsets.UTF_8));
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        if (text.endsWith("\n")) {
            return lines.subList(0, lines.size() - 1);
        }
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + NO_NEWLINE);
        return lines;
    }
}
