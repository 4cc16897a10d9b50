package io.tarbox.cli.command;

import io.tarbox.wasi.RunLimits;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of {@code --max-open-files}: a number of 0 or more, or {@code none} for no limit (the
 * word {@code tenant quota} uses too), which becomes {@link RunLimits#UNLIMITED}.
 */
final class OpenFilesLimit implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        if ("none".equals(value)) {
            return RunLimits.UNLIMITED;
        }
        try {
            long count = Long.parseLong(value);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("'" + value + "' is not a number of files (0 or more) or 'none'");
    }
}
