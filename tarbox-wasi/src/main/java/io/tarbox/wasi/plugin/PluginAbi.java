package io.tarbox.wasi.plugin;

/**
 * The numbers of the plugin ABI (docs/plugins.md is the full description): the codes host
 * functions return instead of a length, and the levels of {@code host_log}. Codes are negative so
 * that they can never be mistaken for a length or a size.
 */
public final class PluginAbi {
    private PluginAbi() {}

    /** The import module of every host function. */
    public static final String IMPORT_MODULE = "env";

    /** A pointer or length lies outside the plugin's memory, or a length is negative. */
    public static final int BAD_POINTER = -1;
    /** The path is outside what the manifest asks for and the user granted, or the config key is undeclared. */
    public static final int NOT_GRANTED = -2;
    /** The file or config value does not exist. */
    public static final int NOT_FOUND = -3;
    /** The path names a directory or another non-regular file where a regular file is needed. */
    public static final int NOT_A_FILE = -4;
    /** An argument is invalid: a path that is not absolute or has "..", bytes that are not UTF-8, an unknown log level. */
    public static final int INVALID = -5;
    /** The file is larger than 2 GiB - 1 bytes, which an i32 length cannot express. */
    public static final int TOO_LARGE = -6;
    /** The storage failed while reading. */
    public static final int IO_ERROR = -7;

    /** Longest {@code host_log} message kept; longer ones are cut. */
    /** The name of an error code of the host functions (BAD_POINTER, ...), for the trace. */
    public static String codeName(int code) {
        return switch (code) {
            case BAD_POINTER -> "BAD_POINTER";
            case NOT_GRANTED -> "NOT_GRANTED";
            case NOT_FOUND -> "NOT_FOUND";
            case NOT_A_FILE -> "NOT_A_FILE";
            case INVALID -> "INVALID";
            case TOO_LARGE -> "TOO_LARGE";
            case IO_ERROR -> "IO_ERROR";
            default -> Integer.toString(code);
        };
    }

    public static final int LOG_MESSAGE_MAX = 4096;
    /** Longest manifest {@code plugin_manifest} may return. */
    public static final int MANIFEST_MAX = 64 * 1024;
}
