package io.tarbox.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.wasi.RunLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.TypeConversionException;

/**
 * One case of {@code tarbox test}: {@code NAME.wasm} and, beside it, {@code NAME.json} in the WASI
 * test suite's format (WebAssembly/wasi-testsuite: {@code args}, {@code env}, {@code dirs},
 * {@code exit_code}, {@code stdout}, {@code stderr}) with Tarbox's extensions (docs/testing.md):
 * fixture directories, expected files, stdin, substrings of the output, a timeout and limits, a
 * reason to skip. A case without a JSON file runs with no arguments and must exit 0.
 *
 * @param suite the directory's name (what JUnit calls the class of the case)
 * @param name the case's name: NAME
 * @param wasm the module or component
 * @param json the case's JSON file (may not exist)
 */
record TestCase(String suite, String name, Path wasm, Path json, Spec spec) {
    /** A preopen: guest path, the fixture directory imported under it (null: empty), read-only. */
    record Dir(String guest, Path from, boolean readOnly) {
        /** Where the directory lives in the case's tree: the guest path, rooted. */
        String treePath() {
            String path = guest.startsWith("/") ? guest : "/" + guest;
            return path.equals("/.") ? "/" : path;
        }
    }

    /**
     * What a case's JSON file says.
     *
     * @param stdout exact expected standard output, or null (not checked)
     * @param stderr exact expected standard error, or null
     * @param files expected files: path in the tree (as the guest names it) to the host file with the expected content
     * @param timeoutMillis 0: the run's default ({@code tarbox test --timeout})
     * @param skip why the case is skipped, or null
     */
    record Spec(
            List<String> args,
            Map<String, String> env,
            List<Dir> dirs,
            int exitCode,
            String stdout,
            String stderr,
            List<String> stdoutContains,
            List<String> stderrContains,
            String stdin,
            Map<String, Path> files,
            long timeoutMillis,
            RunLimits limits,
            String skip) {}

    /** A JSON file that is not a case; the message names the file and says what is wrong. */
    static final class MalformedCase extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedCase(String message) {
            super(message);
        }
    }

    private static final Set<String> KEYS = Set.of(
            "args",
            "env",
            "dirs",
            "exit_code",
            "stdout",
            "stderr",
            "stdout_contains",
            "stderr_contains",
            "stdin",
            "files",
            "timeout",
            "limits",
            "skip",
            // read by other runners of the same files, not by tarbox test
            "description",
            "peers");
    private static final Set<String> LIMIT_KEYS =
            Set.of("max_memory", "fuel", "max_output", "max_open_files", "max_file_size");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** Reads the case's JSON file (a case without one: no arguments, exit code 0). */
    static Spec read(Path wasm, Path json) throws MalformedCase {
        if (!Files.exists(json)) {
            return new Spec(
                    List.of(),
                    Map.of(),
                    List.of(),
                    0,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    "",
                    Map.of(),
                    0,
                    RunLimits.DEFAULT,
                    null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new MalformedCase(json + ": not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedCase(json + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCase(json + ": a case is a JSON object");
        }
        Reader r = new Reader(json);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new MalformedCase(
                        json + ": unknown key \"" + key + "\" (known: " + String.join(", ", sorted(KEYS)) + ")");
            }
        }
        Path base = json.toAbsolutePath().getParent();
        List<Dir> dirs = new ArrayList<>();
        for (JsonNode dir : r.array(root, "dirs")) {
            if (dir.isTextual()) { // the suite's form: a directory beside the case, preopened under its own name
                dirs.add(new Dir(dir.asText(), r.fixture(base, "dirs", dir.asText()), false));
            } else if (dir.isObject()) {
                for (Iterator<String> it = dir.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!Set.of("guest", "from", "readonly").contains(key)) {
                        throw new MalformedCase(
                                json + ": dirs: unknown key \"" + key + "\" (known: from, guest, readonly)");
                    }
                }
                String guest = r.text(dir, "guest", null, "dirs");
                if (guest == null || guest.isEmpty()) {
                    throw new MalformedCase(json + ": dirs: each object needs a \"guest\" path");
                }
                String from = r.text(dir, "from", null, "dirs");
                dirs.add(new Dir(
                        guest, from == null ? null : r.fixture(base, "dirs", from), r.bool(dir, "readonly", "dirs")));
            } else {
                throw new MalformedCase(json
                        + ": dirs: each entry is a directory name or an object {\"guest\", \"from\", \"readonly\"}");
            }
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.strings(root, "files").entrySet()) {
            String path = e.getKey().startsWith("/") ? e.getKey() : "/" + e.getKey();
            Path expected = base.resolve(e.getValue());
            if (!Files.isRegularFile(expected)) {
                throw new MalformedCase(
                        json + ": files: expected content " + e.getValue() + " is not a file beside the case");
            }
            files.put(path, expected);
        }
        JsonNode exit = root.path("exit_code");
        if (!exit.isMissingNode() && !exit.canConvertToInt()) {
            throw new MalformedCase(json + ": exit_code must be a number");
        }
        return new Spec(
                r.list(root, "args"),
                r.strings(root, "env"),
                dirs,
                exit.asInt(0),
                r.text(root, "stdout", null, null),
                r.text(root, "stderr", null, null),
                r.list(root, "stdout_contains"),
                r.list(root, "stderr_contains"),
                r.text(root, "stdin", "", null),
                files,
                r.duration(root.get("timeout")),
                r.limits(root.path("limits")),
                r.text(root, "skip", null, null));
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(null);
        return list;
    }

    /** Typed access to the fields, each failure a {@link MalformedCase} naming the file and the key. */
    private record Reader(Path json) {
        private MalformedCase bad(String key, String what) {
            return new MalformedCase(json + ": " + key + " must be " + what);
        }

        List<JsonNode> array(JsonNode root, String key) throws MalformedCase {
            JsonNode node = root.path(key);
            if (node.isMissingNode()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw bad(key, "an array");
            }
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return items;
        }

        List<String> list(JsonNode root, String key) throws MalformedCase {
            List<String> out = new ArrayList<>();
            for (JsonNode item : array(root, key)) {
                if (!item.isTextual()) {
                    throw bad(key, "an array of strings");
                }
                out.add(item.asText());
            }
            return List.copyOf(out);
        }

        Map<String, String> strings(JsonNode root, String key) throws MalformedCase {
            JsonNode node = root.path(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (node.isMissingNode()) {
                return out;
            }
            if (!node.isObject()) {
                throw bad(key, "an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isTextual()) {
                    throw bad(key, "an object of strings (\"" + field.getKey() + "\" is not one)");
                }
                out.put(field.getKey(), field.getValue().asText());
            }
            return out;
        }

        String text(JsonNode node, String key, String missing, String within) throws MalformedCase {
            JsonNode value = node.path(key);
            if (value.isMissingNode() || value.isNull()) {
                return missing;
            }
            if (!value.isTextual()) {
                throw bad(within == null ? key : within + ": " + key, "a string");
            }
            return value.asText();
        }

        boolean bool(JsonNode node, String key, String within) throws MalformedCase {
            JsonNode value = node.path(key);
            if (value.isMissingNode()) {
                return false;
            }
            if (!value.isBoolean()) {
                throw bad(within + ": " + key, "true or false");
            }
            return value.asBoolean();
        }

        Path fixture(Path base, String key, String relative) throws MalformedCase {
            Path dir = base.resolve(relative).normalize();
            if (!Files.isDirectory(dir)) {
                throw new MalformedCase(
                        json + ": " + key + ": fixture directory " + relative + " is not a directory beside the case");
            }
            return dir;
        }

        /** A duration: a number of seconds, or text as --timeout takes it ("500ms", "10s"); 0 when absent. */
        long duration(JsonNode node) throws MalformedCase {
            if (node == null) {
                return 0;
            }
            if (node.isNumber() && node.asDouble() > 0) {
                return Math.max(1, Math.round(node.asDouble() * 1000));
            }
            if (node.isTextual()) {
                try {
                    return new DurationValue().convert(node.asText());
                } catch (TypeConversionException e) {
                    throw new MalformedCase(json + ": timeout: " + e.getMessage());
                }
            }
            throw bad("timeout", "a number of seconds or a duration such as \"10s\"");
        }

        RunLimits limits(JsonNode node) throws MalformedCase {
            RunLimits limits = RunLimits.DEFAULT;
            if (node.isMissingNode()) {
                return limits;
            }
            if (!node.isObject()) {
                throw bad("limits", "an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (!LIMIT_KEYS.contains(key)) {
                    throw new MalformedCase(json + ": limits: unknown key \"" + key + "\" (known: "
                            + String.join(", ", sorted(LIMIT_KEYS)) + ")");
                }
                long value = size(key, field.getValue());
                limits = switch (key) {
                    case "max_memory" -> limits.withMaxMemoryBytes(value);
                    case "fuel" -> limits.withFuel(value);
                    case "max_output" -> limits.withMaxOutputBytes(value);
                    case "max_open_files" -> limits.withMaxOpenFiles(value);
                    default -> limits.withMaxFileSize(value);
                };
            }
            return limits;
        }

        private long size(String key, JsonNode value) throws MalformedCase {
            if (value.canConvertToLong() && value.asLong() >= 0) {
                return value.asLong();
            }
            if (value.isTextual()) {
                try {
                    return new ByteSize().convert(value.asText());
                } catch (TypeConversionException e) {
                    throw new MalformedCase(json + ": limits: " + key + ": " + e.getMessage());
                }
            }
            throw bad("limits: " + key, "a number or a size such as \"64M\"");
        }
    }
}
