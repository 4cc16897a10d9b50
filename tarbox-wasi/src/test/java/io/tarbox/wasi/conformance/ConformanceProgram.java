package io.tarbox.wasi.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One case of {@code src/test/resources/conformance/}: a WebAssembly program of the conformance
 * suite ({@code NAME.wasm}) and what a correct host makes of it ({@code NAME.json}, in the case
 * format of {@code tarbox test}, docs/testing.md). The same files are run by {@code tarbox test}
 * (tarbox-cli's ConformanceCasesTest), {@code src/test/run-on-node.sh} and
 * {@code bench/components-peer.sh}; {@code manifest.json} there explains the keys.
 *
 * @param name the program's name (its C or WAT source is {@code name.c} / {@code name.wat})
 * @param wasm the module's file name in {@code /conformance/}
 * @param args argv after argv[0]; the runner passes {@code wasm} as argv[0]
 * @param env environment variables, in order
 * @param stdin the text on standard input
 * @param exitCode the expected exit code; ignored when {@code trap}
 * @param trap the run must end in a WebAssembly trap (exit_code 134, as the CLI exits)
 * @param stdout substrings standard output must contain
 * @param stderr substrings standard error must contain
 * @param preopen preopen a fresh, empty, writable directory as {@code /data} (descriptor 3)
 * @param description what the program covers
 */
public record ConformanceProgram(
        String name,
        String wasm,
        List<String> args,
        Map<String, String> env,
        String stdin,
        int exitCode,
        boolean trap,
        List<String> stdout,
        List<String> stderr,
        boolean preopen,
        String description,
        JsonNode peers) {

    static final String RESOURCE_DIR = "/conformance/";
    /** The exit code of a trapped run (wasmtime's, and the tarbox CLI's). */
    static final int TRAP_EXIT_CODE = 134;

    /** Reads every case of the directory on the test classpath, by name. */
    public static List<ConformanceProgram> loadManifest() {
        URL dir = ConformanceProgram.class.getResource(RESOURCE_DIR);
        if (dir == null) {
            throw new IllegalStateException("no " + RESOURCE_DIR + " on the test classpath");
        }
        try (Stream<Path> files = Files.list(directory(dir.toURI()))) {
            List<Path> cases = files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("manifest.json"))
                    .sorted()
                    .toList();
            List<ConformanceProgram> programs = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (Path file : cases) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                programs.add(fromJson(name, json.readTree(Files.readAllBytes(file))));
            }
            return programs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The directory at {@code uri}: on the file system, or inside the test-jar that other modules
     * (tarbox-server's remote suite) read the cases from.
     */
    private static Path directory(URI uri) throws IOException {
        if (!uri.getScheme().equals("jar")) {
            return Path.of(uri);
        }
        try {
            return FileSystems.newFileSystem(uri, Map.of()).provider().getPath(uri);
        } catch (FileSystemAlreadyExistsException e) {
            return Path.of(uri);
        }
    }

    /** The module's bytes. */
    public byte[] module() {
        try (InputStream in = ConformanceProgram.class.getResourceAsStream(RESOURCE_DIR + wasm)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE_DIR + wasm + " on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** argv as the guest sees it: the module's file name, then {@link #args}. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(wasm);
        argv.addAll(args);
        return argv;
    }

    /** The environment as "KEY=VALUE" strings. */
    public List<String> environ() {
        List<String> environ = new ArrayList<>();
        env.forEach((k, v) -> environ.add(k + "=" + v));
        return environ;
    }

    private static ConformanceProgram fromJson(String name, JsonNode e) {
        int exit = e.path("exit_code").asInt(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("env").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            env.put(field.getKey(), field.getValue().asText());
        }
        return new ConformanceProgram(
                name,
                name + ".wasm",
                strings(e.path("args")),
                env,
                e.path("stdin").asText(""),
                exit,
                exit == TRAP_EXIT_CODE,
                strings(e.path("stdout_contains")),
                strings(e.path("stderr_contains")),
                e.path("dirs").size() > 0,
                e.path("description").asText(""),
                e.path("peers"));
    }

    /**
     * The program as a peer runs it: its {@code peers.<peer>} overrides of exit_code,
     * stdout_contains and stderr_contains applied, and CONFORMANCE_PEER=peer in its environment (so it skips the checks where the
     * peer deviates). Peer "component" is the program adapted to a WASI 0.2 component (the preview 1
     * adapter's deviations).
     */
    public ConformanceProgram forPeer(String peer) {
        JsonNode o = peers.path(peer);
        Map<String, String> peerEnv = new LinkedHashMap<>(env);
        peerEnv.put("CONFORMANCE_PEER", peer);
        JsonNode exit = o.path("exit_code");
        int peerExit = exit.isMissingNode() ? exitCode : exit.asInt();
        boolean peerTrap = exit.isMissingNode() ? trap : peerExit == TRAP_EXIT_CODE;
        return new ConformanceProgram(
                name,
                wasm,
                args,
                peerEnv,
                stdin,
                peerExit,
                peerTrap,
                o.has("stdout_contains") ? strings(o.get("stdout_contains")) : stdout,
                o.has("stderr_contains") ? strings(o.get("stderr_contains")) : stderr,
                preopen,
                description,
                peers);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return name;
    }
}
