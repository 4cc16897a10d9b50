package io.tarbox.component.wave;

/** Text that is not a WAVE value of the expected type; the message says where and why. */
public final class WaveException extends Exception {
    private static final long serialVersionUID = 1L;

    public WaveException(String message) {
        super(message);
    }
}
