package io.tarbox.core.fs;

/**
 * The changes of one {@code setattr} call; a null field is left as it is. Timestamps are absolute
 * nanoseconds: callers resolve "now" themselves so that one clock decides what "now" is.
 */
public record SetAttributes(Long size, Integer mode, Long atimeNs, Long mtimeNs) {

    public static final SetAttributes NONE = new SetAttributes(null, null, null, null);

    public static SetAttributes size(long size) {
        return new SetAttributes(size, null, null, null);
    }

    public static SetAttributes mode(int mode) {
        return new SetAttributes(null, mode, null, null);
    }

    public static SetAttributes times(Long atimeNs, Long mtimeNs) {
        return new SetAttributes(null, null, atimeNs, mtimeNs);
    }

    public SetAttributes withSize(long newSize) {
        return new SetAttributes(newSize, mode, atimeNs, mtimeNs);
    }

    public SetAttributes withMode(int newMode) {
        return new SetAttributes(size, newMode, atimeNs, mtimeNs);
    }

    public SetAttributes withTimes(Long newAtimeNs, Long newMtimeNs) {
        return new SetAttributes(size, mode, newAtimeNs, newMtimeNs);
    }
}
