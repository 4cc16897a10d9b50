package io.tarbox.cli.command;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration option in milliseconds: a number with ms, s, m or h ("500ms", "10s", "2m"); a bare number is seconds. */
final class DurationValue implements ITypeConverter<Long> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 10s, 2m, 1h)");
        }
        long unit = m.group(2) == null
                ? 1000
                : switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> 1;
                    case "s" -> 1000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
        try {
            long millis = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            if (millis == 0) {
                throw new TypeConversionException("'" + value + "': the duration must be more than zero");
            }
            return millis;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is too long");
        }
    }
}
