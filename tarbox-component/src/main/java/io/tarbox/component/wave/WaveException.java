package io.tarbox.component.wave;

/** Text that is not a WAVE value of the expected type; the message says where and why. */
public final class WaveException extends Exception {
    public WaveException(String message) {
        super(message);
    }
}
