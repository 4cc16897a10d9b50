package io.tarbox.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Writes {@code --json} output: one JSON document and a newline. Kept apart so that Jackson is only
 * loaded by commands that print JSON (start-up time).
 */
final class Json {
    private Json() {}

    static void print(PrintStream out, Object value) throws IOException {
        out.println(new ObjectMapper().writeValueAsString(value));
    }
}
