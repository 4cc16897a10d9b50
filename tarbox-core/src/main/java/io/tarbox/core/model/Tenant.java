package io.tarbox.core.model;

/**
 * A tenant: one isolated tree. Names are what users type; ids are what the storage keys rows by.
 *
 * @param id storage key
 * @param name unique name, [A-Za-z0-9._-]{1,64}
 * @param createdNs creation time, nanoseconds since the epoch
 */
public record Tenant(long id, String name, long createdNs) {

    /** The tenant used when none is named. */
    public static final String DEFAULT = "default";

    private static final java.util.regex.Pattern VALID_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }
}
