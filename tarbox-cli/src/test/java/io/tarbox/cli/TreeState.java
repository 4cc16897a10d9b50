package io.tarbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Everything about a subtree that a rollback must bring back, as text to compare: per entry its path,
 * type, inode, mode, size, modification time and content (or target), read through {@code ls --json}
 * and {@code cat}.
 */
final class TreeState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TreeState() {}

    static String of(Cli cli, String dir) {
        StringBuilder state = new StringBuilder();
        add(cli, dir, state);
        return state.toString();
    }

    private static void add(Cli cli, String dir, StringBuilder state) {
        JsonNode entries;
        try {
            entries = JSON.readTree(cli.ok("ls", "--json", dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode entry : entries) {
            String path =
                    (dir.endsWith("/") ? dir : dir + "/") + entry.get("name").asText();
            String type = entry.get("type").asText();
            state.append(path)
                    .append(' ')
                    .append(type)
                    .append(" ino=")
                    .append(entry.get("ino").asLong())
                    .append(" mode=")
                    .append(entry.get("mode").asText())
                    .append(" size=")
                    .append(entry.get("size").asLong())
                    .append(" mtime=")
                    .append(entry.get("mtimeNs").asLong());
            switch (type) {
                case "file" ->
                    state.append(' ')
                            .append(Base64.getEncoder()
                                    .encodeToString(cli.run("cat", path).stdout()));
                case "symlink" ->
                    state.append(" -> ").append(entry.get("target").asText());
                default -> {}
            }
            state.append('\n');
            if (type.equals("directory")) {
                add(cli, path, state);
            }
        }
    }
}
