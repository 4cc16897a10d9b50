package io.tarbox.component.abi;

/** A value of a {@code result} type; {@code value} is null when the case has no payload. */
public record ResultValue(boolean isOk, Object value) {
    private static final ResultValue OK = new ResultValue(true, null);

    public static ResultValue ok(Object value) {
        return value == null ? OK : new ResultValue(true, value);
    }

    public static ResultValue error(Object value) {
        return new ResultValue(false, value);
    }
}
