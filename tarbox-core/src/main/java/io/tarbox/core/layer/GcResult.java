package io.tarbox.core.layer;

/**
 * What {@code tarbox gc} reclaimed.
 *
 * @param layers layers deleted: scratch layers of runs that died, and layers nothing needs any more
 * @param chunks chunks no layer refers to any more
 * @param bytes  the bytes those chunks held
 */
public record GcResult(long layers, long chunks, long bytes) {}
