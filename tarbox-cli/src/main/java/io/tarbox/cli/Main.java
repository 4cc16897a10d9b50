package io.tarbox.cli;

/** Entry point of the {@code tarbox} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("tarbox");
    }
}
